//! Images: written as pulldown-cmark writes them, plus the file's `width` and
//! `height`, so that the browser keeps their place and the text does not jump as
//! they arrive, and `loading="lazy"` on all but a text's first image (the first is
//! likely in view; the others load as the reader scrolls towards them). print.html
//! loads every image at once, since a browser prints only what has loaded.

use super::merge::{Merged, Spanned};
use super::render::{Renderer, with_dest};
use pulldown_cmark::{Event, Tag};

impl<'e> Renderer<'_, 'e> {
    /// An image, from its start event through its alt text to its end.
    pub(super) fn image<I: Iterator<Item = Spanned<'e>>>(
        &mut self,
        start: Event<'e>,
        events: &mut Merged<'e, I>,
    ) {
        let Event::Start(tag @ Tag::Image { .. }) = start else {
            return;
        };
        let Tag::Image { ref dest_url, .. } = tag else {
            return;
        };
        let dest = dest_url.to_string();
        // The events of the alt text, and the image's end.
        let mut inner = Vec::new();
        let mut depth = 0usize;
        for (ev, _) in events.by_ref() {
            let ev = match ev {
                // Alt text is searchable like any text.
                Event::Text(t) => Event::Text(self.searchable_text(t)),
                other => other,
            };
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => {
                    inner.push(ev);
                    break;
                }
                Event::End(_) => depth -= 1,
                _ => {}
            }
            inner.push(ev);
        }
        let lazy = self.images > 0;
        self.images += 1;
        let page = img_html(
            &tag,
            self.hooks.link(&dest, true),
            self.hooks.image_size(&dest),
            lazy,
            &inner,
        );
        let print = self.print.as_ref().map(|p| {
            let src = p.hooks.link(&dest, true);
            Event::InlineHtml(img_html(&tag, src, p.hooks.image_size(&dest), false, &inner).into())
        });
        self.push_pair(Event::InlineHtml(page.into()), print);
    }
}

/// The `<img>` tag pulldown-cmark writes for `tag` going to `src`, with the size and
/// loading hint added.
fn img_html<'e>(
    tag: &Tag<'e>,
    src: String,
    size: Option<(u64, u64)>,
    lazy: bool,
    inner: &[Event<'e>],
) -> String {
    let start = Event::Start(with_dest(tag.clone(), src));
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        std::iter::once(start).chain(inner.iter().cloned()),
    );
    let Some(open) = html.strip_suffix(" />") else {
        return html;
    };
    let mut attrs = String::new();
    if let Some((w, h)) = size {
        attrs.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    if lazy {
        attrs.push_str(" loading=\"lazy\"");
    }
    format!("{open}{attrs} />")
}
