//! `ownbook export opslevel` (to be written).

use super::{Options, Outcome};
use crate::diag::Fatal;

/// Exports the catalog of `opts.root` into `opts.out`.
pub fn export(opts: &Options) -> Result<Outcome, Fatal> {
    let _ = opts;
    Err(Fatal::Refused("export opslevel is not written yet".into()))
}
