//! `ownbook export`: each target's files, read back with a parser of their format.

mod pagerduty;
