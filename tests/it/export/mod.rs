//! `ownbook export`: each target's files, parsed with a parser for their format.

mod backstage;
