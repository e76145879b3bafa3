//! `ownbook export pagerduty` (to be written).

use super::{Options, Outcome};
use crate::diag::Fatal;

/// Exports the catalog of `opts.root` into `opts.out`.
pub fn export(opts: &Options, schedules_v2: bool) -> Result<Outcome, Fatal> {
    let _ = (opts, schedules_v2);
    Err(Fatal::Refused("export pagerduty is not written yet".into()))
}
