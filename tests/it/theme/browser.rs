//! The theme in a real headless Chromium. Skipped without a `chromium` binary, unless
//! `CI` is set (see `search::browser`).
