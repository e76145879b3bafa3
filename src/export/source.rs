//! Where a value of a service file was written, for the notes an export gives about
//! what its format cannot hold. The model keeps spans only for what the checks need,
//! so the file is read again (with spans) to place a note on the key it is about.

use crate::catalog::model::{Service, Span};
use crate::diag::{Diagnostic, Severity};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The rule code of every export note.
pub const NOT_EXPORTED: &str = "not-exported";

/// One step of a path into a TOML document: a key or an array index.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Places notes in one service file.
pub struct Locator<'a> {
    service: &'a Service,
    root: Option<Spanned<DeTable<'a>>>,
}

impl<'a> Locator<'a> {
    pub fn new(service: &'a Service) -> Self {
        Locator {
            service,
            root: DeTable::parse(&service.file.text).ok(),
        }
    }

    /// The span of the last key of `path` (`["slos", 1, "window"]` is the `window` key
    /// of the second `[[slos]]`); the file's first key when the path is not there.
    pub fn span(&self, path: &[Step]) -> Span {
        self.find(path).unwrap_or(self.service.head)
    }

    fn find(&self, path: &[Step]) -> Option<Span> {
        let root = self.root.as_ref()?;
        let mut table: Option<&DeTable> = Some(root.get_ref());
        let mut array: Option<&[Spanned<DeValue>]> = None;
        let mut span = None;
        for step in path {
            let value = match *step {
                Step::Key(key) => {
                    let (k, v) = table?.iter().find(|(k, _)| k.get_ref() == key)?;
                    span = Some(Span::from(k.span()));
                    v
                }
                Step::Index(i) => {
                    let v = array?.get(i)?;
                    span = Some(Span::from(v.span()));
                    v
                }
            };
            table = None;
            array = None;
            match value.get_ref() {
                DeValue::Table(t) => table = Some(t),
                DeValue::Array(a) => array = Some(&a[..]),
                _ => {}
            }
        }
        span
    }

    /// A note at `span` of the service file.
    pub fn note_at(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.service
            .file
            .diag(Severity::Warning, NOT_EXPORTED, span, message)
    }

    /// A note at the last key of `path`.
    pub fn note(&self, path: &[Step], message: impl Into<String>) -> Diagnostic {
        self.note_at(self.span(path), message)
    }
}
