//! ownbook's integration tests: one binary, one module per feature. Each test builds a
//! small fixture site in its own temporary folder and checks what a reader would see
//! (parsed HTML) or what a user would read (diagnostics).

mod browser_kit;
mod build;
mod build_cache;
mod build_cache_upgrade;
mod catalog;
mod check_formats;
mod codeowners;
mod export;
mod git_history;
mod handbook;
mod hostile;
mod ical;
mod images;
mod import;
mod init_command;
mod languages;
mod llms;
mod load_cache;
mod markdown;
mod new_command;
mod page_weight;
mod print;
mod quality;
mod scale;
mod schema;
mod search;
mod serve;
mod sitemap;
mod streaming;
mod support;
mod theme;
