//! Images carry their file's width and height (no layout shift while they load),
//! load lazily after a page's first, and one over 1 MB gets a warning at its
//! reference.

use crate::support::TestSite;
use scraper::{Html, Selector};

/// The header of a PNG (signature and IHDR chunk), which is all a size reader needs.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    let mut crc = flate2::Crc::new();
    crc.update(&ihdr);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(13u32.to_be_bytes());
    bytes.extend(&ihdr);
    bytes.extend(crc.sum().to_be_bytes());
    bytes
}

/// A baseline JPEG's markers up to its frame header.
fn jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    bytes.extend(b"JFIF\0");
    bytes.extend([1, 1, 0, 0, 1, 0, 1, 0, 0]);
    bytes.extend([0xFF, 0xC0, 0x00, 0x11, 0x08]);
    bytes.extend(height.to_be_bytes());
    bytes.extend(width.to_be_bytes());
    bytes.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
    bytes
}

const PAGE: &str = "+++\ntitle = \"Pictures\"\n+++\n\
![Logo of {{ org }}](logo.png)\n\n\
Text ![A JPEG *with emphasis*](photo.jpg \"Title\") and more.\n\n\
![Sized](sized.svg) ![Sized by its viewBox](box.svg)\n\n\
See   ![The big one](big.png)\n";

fn site() -> TestSite {
    let site = TestSite::new();
    site.write("content/guide/pictures.md", PAGE);
    let files: [(&str, Vec<u8>); 4] = [
        ("logo.png", png(640, 480)),
        ("photo.jpg", jpeg(300, 200)),
        (
            "sized.svg",
            br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120" height="80px" stroke-width="3"></svg>"#.to_vec(),
        ),
        (
            "box.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 50 25"></svg>"#.to_vec(),
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(site.path().join("content/guide").join(name), bytes).expect("write");
    }
    // Over 1 MB: a real header, then padding.
    let mut big = png(2000, 1000);
    big.resize(1_200_000, 0);
    std::fs::write(site.path().join("content/guide/big.png"), big).expect("write");
    site
}

/// Each `<img>` as (alt, src, width, height, loading).
type Img = (String, String, String, String, String);

fn images(doc: &Html, scope: &str) -> Vec<Img> {
    let selector = Selector::parse(&format!("{scope} img")).expect("selector");
    doc.select(&selector)
        .map(|img| {
            let attr = |name| img.value().attr(name).unwrap_or("-").to_string();
            (
                attr("alt"),
                attr("src"),
                attr("width"),
                attr("height"),
                attr("loading"),
            )
        })
        .collect()
}

fn img(alt: &str, src: &str, w: &str, h: &str, loading: &str) -> Img {
    (alt.into(), src.into(), w.into(), h.into(), loading.into())
}

#[test]
fn images_get_their_size_and_load_lazily_after_the_first() {
    let site = site();
    site.build_ok();
    let doc = site.html("guide/pictures/index.html");
    assert_eq!(
        images(&doc, "main"),
        [
            img("Logo of Acme", "../logo.png", "640", "480", "-"),
            img("A JPEG with emphasis", "../photo.jpg", "300", "200", "lazy"),
            img("Sized", "../sized.svg", "120", "80", "lazy"),
            img("Sized by its viewBox", "../box.svg", "50", "25", "lazy"),
            img("The big one", "../big.png", "2000", "1000", "lazy"),
        ]
    );
    let title = Selector::parse("main img[title]").expect("selector");
    let titles: Vec<&str> = doc
        .select(&title)
        .filter_map(|i| i.value().attr("title"))
        .collect();
    assert_eq!(titles, ["Title"]);
    // print.html shows every image at once: a browser prints only what has loaded.
    let print = site.html("print.html");
    let printed = images(&print, "main");
    assert_eq!(printed.len(), 5, "{printed:#?}");
    assert!(printed.iter().all(|i| i.4 == "-"), "{printed:#?}");
    assert_eq!(
        (printed[0].2.as_str(), printed[0].3.as_str()),
        ("640", "480")
    );
}

#[test]
fn an_image_over_one_megabyte_is_a_warning_at_its_reference() {
    let site = site();
    let (diags, code) = site.check_json();
    assert_eq!(code, 0, "{diags:#?}");
    let found: Vec<(&str, u64, u64, &str, &str)> = diags
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                d["code"].as_str().unwrap_or_default(),
                d["severity"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("content/guide/pictures.md", 10, 7, "large-image", "warning")]
    );
    let message = diags[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("guide/big.png") && message.contains("1.2 MB"),
        "{message}"
    );
}
