//! The files themselves: the same catalog gives the same bytes, a hand-edited file
//! is only overwritten with --force, and nothing is written outside --out.

use super::*;

/// Every file under `dir` except those under `skip` and the export's manifest, with
/// its bytes.
fn snapshot(dir: &Path, skip: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.path().starts_with(skip))
        .filter(|e| !crate::export::is_manifest(e.path()))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// (written, unchanged) from the report's first line: "… N files written, M unchanged."
fn counts(stdout: &str) -> (usize, usize) {
    let first = stdout.lines().next().expect("a report");
    let (_, tail) = first.rsplit_once(": ").expect("counts after a colon");
    let numbers: Vec<usize> = tail
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(numbers.len(), 2, "{first}");
    (numbers[0], numbers[1])
}

#[test]
fn pagerduty_export_is_byte_identical_when_run_again_and_writes_only_into_out() {
    let site = TestSite::bundled();
    let out = site.path().join("out");
    let before = snapshot(site.path(), &out);
    let first = export(&site, &[]);
    assert!(first.status.success());
    let files = snapshot(&out, Path::new("/nonexistent"));
    let team_count = teams(site.path()).len();
    assert_eq!(files.len(), team_count + 1, "a file per team and main.tf");
    assert!(files.contains_key("main.tf"));
    assert_eq!(
        counts(&String::from_utf8_lossy(&first.stdout)),
        (team_count + 1, 0)
    );
    let second = export(&site, &[]);
    assert!(second.status.success());
    assert_eq!(
        snapshot(&out, Path::new("/nonexistent")),
        files,
        "byte-identical"
    );
    assert_eq!(
        counts(&String::from_utf8_lossy(&second.stdout)),
        (0, team_count + 1)
    );
    assert_eq!(
        snapshot(site.path(), &out),
        before,
        "nothing outside --out changed"
    );
}

#[test]
fn pagerduty_export_refuses_to_overwrite_a_hand_edited_file_without_force() {
    let site = TestSite::bundled();
    assert!(export(&site, &[]).status.success());
    let path = site.path().join("out/platform.tf");
    let generated = std::fs::read(&path).expect("platform.tf");
    let edited = b"# changed by hand\n".to_vec();
    std::fs::write(&path, &edited).expect("edit");
    let refused = export(&site, &[]);
    assert!(!refused.status.success(), "refused without --force");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("platform.tf"));
    assert_eq!(
        std::fs::read(&path).expect("read"),
        edited,
        "the file is untouched"
    );
    let forced = export(&site, &["--force"]);
    assert!(forced.status.success());
    assert_eq!(
        std::fs::read(&path).expect("read"),
        generated,
        "overwritten"
    );
}
