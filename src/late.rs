//! The files made after every page is rendered: the print versions, `llms.txt` with
//! its parts, and the search index. `build`, `serve` and each translation of a
//! handbook make them the same way; they differ only in which files they want and
//! where each file goes as soon as it is made (written to the staging folder, put in
//! serve's store, or kept in memory).

use crate::diag::Diagnostic;
use crate::output::OutputFile;
use crate::render::{self, Ctx, RenderCache, SharedRendered};
use crate::search::{self, Emit, PageFilter};

/// Which late files to make.
pub struct Wanted<'a> {
    pub print: bool,
    pub llms: bool,
    /// The search index of the guide pages this accepts (`None`: no index).
    pub search: Option<PageFilter<'a>>,
}

/// What making the late files gave.
#[derive(Debug, Default)]
pub struct Late {
    /// Each file as `emit` returned it.
    pub files: Vec<OutputFile>,
    pub diags: Vec<Diagnostic>,
    pub search: search::Stats,
}

impl Late {
    fn emit(&mut self, emit: Emit, file: OutputFile) {
        match emit(file) {
            Ok(file) => self.files.push(file),
            Err(d) => self.diags.push(d),
        }
    }
}

/// Makes the wanted files from the rendered `pages` (and the print versions rendered
/// with them, where `print_versions` has them), handing each file to `emit` as soon
/// as it is made. `existing` are the site's other output files, which the search
/// folder must not clash with.
///
/// print and search run side by side: each is partly serial (one long template, one
/// merge of every term), so together they keep two cores busy.
pub fn make(
    cx: &Ctx,
    cache: &mut RenderCache,
    print_versions: &mut [Option<SharedRendered>],
    pages: &[SharedRendered],
    existing: &[OutputFile],
    wanted: Wanted,
    emit: Emit,
) -> Late {
    let (print, index) = rayon::join(
        || {
            wanted
                .print
                .then(|| render::print::render_cached(cx, cache, print_versions))
        },
        || (wanted.search).map(|own| search::build_emitting(cx, pages, existing, own, emit)),
    );
    let mut late = Late::default();
    if wanted.llms {
        for file in render::llms::index_files(cx) {
            late.emit(emit, file);
        }
    }
    match print {
        // Each as large as a section: handed on at once, not kept.
        Some(Ok(files)) => files.into_iter().for_each(|f| late.emit(emit, f)),
        Some(Err(d)) => late.diags.push(d),
        None => {}
    }
    if let Some(built) = index {
        late.files.extend(built.files);
        late.diags.extend(built.diags);
        late.search = built.stats;
    }
    late
}
