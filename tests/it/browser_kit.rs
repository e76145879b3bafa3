//! What the Chromium tests of several features share: opening a page, emulating the
//! reader's colour scheme or a print, and measuring text contrast from computed styles.
//! Launching Chromium (skipped without a `chromium` binary, unless `CI` is set),
//! `eval` and `wait_for`, and a small static file server for pages over HTTP.

use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::{Value, json};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Opens `url` and waits for the page (and its deferred scripts) to load.
pub fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url)
        .expect("navigate")
        .wait_until_navigated()
        .expect("load");
    wait_for(tab, "document.readyState === 'complete'");
}

/// Emulates the reader's colour scheme (`light` or `dark`) on screen, or on paper with
/// `media` = `Some("print")`.
pub fn emulate(tab: &Tab, media: Option<&str>, scheme: &str) {
    let media: Emulation::SetEmulatedMedia = serde_json::from_value(json!({
        "media": media.unwrap_or(""),
        "features": [{ "name": "prefers-color-scheme", "value": scheme }]
    }))
    .expect("media");
    tab.call_method(media).expect("emulate media");
}

/// Emulates the reader's colour scheme (`light` or `dark`) on screen.
pub fn scheme(tab: &Tab, scheme: &str) {
    emulate(tab, None, scheme);
}

/// A script that returns, for each visible element matching `selector` with text, its
/// text, its contrast ratio with what is behind it and that background's luminance,
/// from the computed styles: the background is composited from the element up to the
/// first opaque one (badges have translucent fills).
pub fn contrasts_script(selector: &str) -> String {
    format!(
        r#"(() => {{
  const parse = s => {{
    const m = s.match(/^(rgba?|color)\((?:srgb )?([^)]*)\)$/);
    if (!m) throw new Error('cannot read the colour ' + s);
    const p = m[2].split(/[\s,\/]+/).filter(Boolean).map(Number);
    const scale = m[1] === 'color' ? 1 : 255;
    return [p[0] / scale, p[1] / scale, p[2] / scale, p.length > 3 ? p[3] : 1];
  }};
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const behind = el => {{
    const layers = [];
    for (let e = el; e; e = e.parentElement) {{
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }}
    return layers.reverse().reduce((under, top) => over(top, under), [1, 1, 1, 1]);
  }};
  const lum = c => [0, 1, 2].map(i => c[i] <= 0.04045 ? c[i] / 12.92 : ((c[i] + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const parts = [...document.querySelectorAll({selector:?})]
    .filter(e => e.getClientRects().length && e.textContent.trim());
  return parts.map(e => {{
    const bg = behind(e), fg = over(parse(getComputedStyle(e).color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    return {{
      text: e.className + ': ' + e.textContent.trim().slice(0, 60),
      ratio: Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100,
      background: Math.round(lum(bg) * 100) / 100,
    }};
  }});
}})()"#
    )
}

fn chromium_path() -> Option<PathBuf> {
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// A fresh headless Chromium with its own profile, or `None` to skip outside CI.
pub struct Chrome {
    pub browser: Browser,
    _profile: tempfile::TempDir,
}

pub fn chrome() -> Option<Chrome> {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    let Some(path) = chromium_path() else {
        assert!(
            !ci,
            "CI is set but chromium is not installed (.ci/run installs it)"
        );
        eprintln!("skipping the browser test: no chromium on PATH (CI unset)");
        return None;
    };
    let profile = tempfile::tempdir().expect("profile dir");
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--allow-file-access-from-files",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions {
        headless: true,
        sandbox: false,
        path: Some(path),
        user_data_dir: Some(profile.path().to_path_buf()),
        args,
        idle_browser_timeout: Duration::from_secs(120),
        ..LaunchOptions::default()
    };
    let browser = Browser::new(options).expect("start chromium");
    Some(Chrome {
        browser,
        _profile: profile,
    })
}

/// Evaluates `expr` (which may return a promise) and returns its JSON value.
pub fn eval(tab: &Tab, expr: &str) -> Value {
    let wrapped = format!(
        "(async () => {{ try {{ return JSON.stringify({{ ok: await ({expr}) }}); }} catch (e) {{ return JSON.stringify({{ error: String(e && e.stack || e) }}); }} }})()"
    );
    let result = tab
        .evaluate(&wrapped, true)
        .unwrap_or_else(|e| panic!("{expr}: {e}"));
    let text = result.value.and_then(|v| v.as_str().map(String::from));
    let v: Value =
        serde_json::from_str(&text.unwrap_or_else(|| "null".into())).unwrap_or(Value::Null);
    if let Some(err) = v.get("error") {
        panic!("{expr}\nthrew: {}", err.as_str().unwrap_or(""));
    }
    v.get("ok").cloned().unwrap_or(Value::Null)
}

/// Waits (inside the page, re-checking on every DOM change) until `cond` is truthy.
pub fn wait_for(tab: &Tab, cond: &str) -> Value {
    let expr = format!(
        "new Promise((resolve, reject) => {{
           const check = () => {{ try {{ const v = ({cond}); if (v) {{ obs.disconnect(); resolve(v); return true; }} }} catch (e) {{}} return false; }};
           const obs = new MutationObserver(check);
           obs.observe(document, {{ subtree: true, childList: true, characterData: true, attributes: true }});
           if (!check()) setTimeout(() => {{ obs.disconnect(); reject(new Error('timed out waiting for: ' + {cond:?})); }}, 10000);
         }})"
    );
    eval(tab, &expr)
}

/// Serves `root` on a free loopback port until the returned server is dropped: one
/// thread per connection and one request per connection, so no connection the
/// browser opens ahead of time can hold up another.
pub struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

pub fn serve(root: &Path) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let stop = Arc::new(AtomicBool::new(false));
    let (flag, root) = (stop.clone(), root.to_path_buf());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if flag.load(Ordering::SeqCst) {
                break;
            }
            let root = root.clone();
            std::thread::spawn(move || respond(stream, &root));
        }
    });
    Server { port, stop }
}

fn respond(mut stream: TcpStream, root: &Path) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Skip the headers.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let rel = target
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .trim_start_matches('/');
    let mut file = root.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let kind = match file.extension().and_then(OsStr::to_str) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    };
    let (status, body) = match std::fs::read(&file) {
        Ok(bytes) if !rel.split('/').any(|p| p == "..") => ("200 OK", bytes),
        _ => ("404 Not Found", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}
