//! Lighter pages (issue 22): code highlighted with short classes looks exactly as it did
//! with syntect's scope classes, and the lighter sidebar still reaches every page
//! without JavaScript.

mod highlight_look;
mod sidebar;
