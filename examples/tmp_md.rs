use std::time::Instant;
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let t = Instant::now();
        let n = pulldown_cmark::Parser::new_ext(&text, ownbook::markdown::options()).count();
        let parse = t.elapsed();
        let t = Instant::now();
        let o = ownbook::markdown::outline(&text, 0, "Acme");
        let outline = t.elapsed();
        let t = Instant::now();
        let r = ownbook::markdown::render(
            &ownbook::markdown::Input {
                text: &text,
                start: 0,
                display: "x",
                org: "Acme",
                id_prefix: "",
                highlight: None,
            },
            &ownbook::markdown::NoHooks,
        );
        let render = t.elapsed();
        eprintln!(
            "{:40} events {n:7} parse {:7.1?} outline {:7.1?} ({} links) render {:7.1?} html {}",
            path.rsplit("/h-").next().unwrap(),
            parse,
            outline,
            o.links.len(),
            render,
            r.html.len()
        );
    }
}
