//! The on-call calendars as iCalendar text (RFC 5545), one file per feed that
//! `analyze::calendar` laid out: a VTIMEZONE for each zone the shifts use, then one
//! VEVENT per shift, its times wall-clock times of the rotation's zone
//! (`DTSTART;TZID=...`), so a calendar app keeps a 10:00 handoff at 10:00 across a
//! change of daylight-saving time. Lines end in CRLF and are folded at 75 octets;
//! text from the catalog is escaped. Nothing depends on the clock: DTSTAMP is the
//! build day, so one input on one day gives the same bytes.

use crate::analyze::calendar::{Calendars, Event, Feed, Observance, Zone};
use crate::catalog::model::LocalTime;
use crate::catalog::team_url;
use crate::output::OutputFile;
use crate::render::Ctx;

/// Longest line in octets, without its line break (RFC 5545 3.1).
const MAX_LINE: usize = 75;

/// Hours after which a calendar app should fetch a feed again.
const REFRESH_HOURS: u32 = 12;

/// The text of every feed.
pub fn files(cx: &Ctx, cal: &Calendars) -> Vec<OutputFile> {
    cal.feeds
        .iter()
        .map(|f| OutputFile::text(f.path.clone(), feed(cx, cal, f)))
        .collect()
}

/// The domain that ends every UID: the organization's, so that two handbooks'
/// shifts never share one.
pub fn uid_domain(organization: &str) -> String {
    let slug = crate::text::slugify(organization);
    let slug = if slug.is_empty() { "handbook" } else { &slug };
    format!("{slug}.ownbook")
}

fn feed(cx: &Ctx, cal: &Calendars, f: &Feed) -> String {
    let mut w = Writer::default();
    w.line("BEGIN:VCALENDAR");
    w.line("VERSION:2.0");
    w.line("PRODID:-//ownbook//On-call calendar//EN");
    w.line("CALSCALE:GREGORIAN");
    w.line("METHOD:PUBLISH");
    w.prop("X-WR-CALNAME", &text(&f.title));
    w.prop(
        "REFRESH-INTERVAL;VALUE=DURATION",
        &format!("PT{REFRESH_HOURS}H"),
    );
    w.prop("X-PUBLISHED-TTL", &format!("PT{REFRESH_HOURS}H"));
    for z in &f.zones {
        zone(&mut w, z);
    }
    let stamp = cx.site.today.replace('-', "") + "T000000Z";
    for &e in &f.events {
        event(&mut w, cx, &cal.events[e], &stamp);
    }
    w.line("END:VCALENDAR");
    w.out
}

fn zone(w: &mut Writer, z: &Zone) {
    w.line("BEGIN:VTIMEZONE");
    w.prop("TZID", &text(&z.name));
    for o in &z.observances {
        observance(w, o);
    }
    w.line("END:VTIMEZONE");
}

fn observance(w: &mut Writer, o: &Observance) {
    let kind = if o.daylight { "DAYLIGHT" } else { "STANDARD" };
    w.line(&format!("BEGIN:{kind}"));
    let mut onsets = o.onsets.iter();
    if let Some(first) = onsets.next() {
        w.prop("DTSTART", &local(*first));
    }
    for later in onsets {
        w.prop("RDATE", &local(*later));
    }
    w.prop("TZOFFSETFROM", &utc_offset(o.offset_from));
    w.prop("TZOFFSETTO", &utc_offset(o.offset_to));
    if !o.abbreviation.is_empty() {
        w.prop("TZNAME", &text(&o.abbreviation));
    }
    w.line(&format!("END:{kind}"));
}

fn event(w: &mut Writer, cx: &Ctx, e: &Event, stamp: &str) {
    let team = e.team;
    let rot = e.rotation;
    let who = team.member_name(&e.shift.member);
    let tzid = param(&rot.time_zone);
    w.line("BEGIN:VEVENT");
    w.prop("UID", &text(&e.uid));
    w.prop("DTSTAMP", stamp);
    w.prop(&format!("DTSTART;TZID={tzid}"), &local(e.shift.start));
    w.prop(&format!("DTEND;TZID={tzid}"), &local(e.shift.end));
    w.prop("SUMMARY", &text(&format!("On call: {} ({who})", rot.name)));
    w.prop("DESCRIPTION", &text(&description(e, &who)));
    if let Some(base) = &cx.site.config.base_url {
        let page = format!("{base}{}#rotation-{}", team_url(&team.id), rot.id.value);
        w.prop("URL", &uri(&page));
    }
    if e.shift.cover.is_some() {
        w.prop("CATEGORIES", "On call,Override");
    } else {
        w.prop("CATEGORIES", "On call");
    }
    // Being on call is not being busy: the shift does not block invitations.
    w.line("TRANSP:TRANSPARENT");
    w.line("END:VEVENT");
}

/// What the shift is, in words: the team, the coverage, and for an override whom it
/// covers for and why.
fn description(e: &Event, who: &str) -> String {
    let rot = e.rotation;
    let mut out = format!(
        "{who} is on call for {} ({}, {}). Times in {}.",
        rot.name,
        e.team.name,
        rot.coverage.as_str(),
        rot.time_zone
    );
    let Some(o) = e.shift.cover.and_then(|i| rot.overrides.get(i)) else {
        return out;
    };
    let names: Vec<String> = e.covers_for.iter().map(|m| e.team.member_name(m)).collect();
    out.push_str("\nOverride");
    if !names.is_empty() {
        out.push_str(": covers for ");
        out.push_str(&names.join(" and "));
    }
    out.push('.');
    if let Some(note) = &o.note {
        out.push('\n');
        out.push_str(note);
    }
    out
}

/// A DATE-TIME in local time: `20270322T100000`.
fn local(t: LocalTime) -> String {
    t.strftime("%Y%m%dT%H%M%S").to_string()
}

/// A UTC-OFFSET: `+0100`, with seconds only when the zone has them.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// A TEXT value (RFC 5545 3.3.11): backslash, `;` and `,` escaped, line breaks as
/// `\n`, other control characters dropped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: quoted when it holds `:`, `;` or `,`; `"` and control
/// characters cannot be written in one and are dropped.
fn param(s: &str) -> String {
    let clean: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// A URI value: nothing to escape but control characters, which are dropped.
fn uri(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// iCalendar lines: CRLF endings, folded at 75 octets on character boundaries.
#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn prop(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }

    fn line(&mut self, line: &str) {
        let mut room = MAX_LINE;
        let mut used = 0;
        let mut chars = line.char_indices();
        while let Some((at, c)) = chars.next() {
            // An escape (`\n`, `\,`) stays on one line: readers that unescape before
            // unfolding would otherwise see a lone backslash.
            let mut len = c.len_utf8();
            if c == '\\'
                && let Some((_, next)) = chars.next()
            {
                len += next.len_utf8();
            }
            if used + len > room {
                // A continuation line starts with a space, which counts.
                self.out.push_str("\r\n ");
                room = MAX_LINE - 1;
                used = 0;
            }
            self.out.push_str(&line[at..at + len]);
            used += len;
        }
        self.out.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut w = Writer::default();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        w.line(&long);
        let lines: Vec<&str> = w.out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.iter().all(|l| l.len() <= MAX_LINE), "{lines:?}");
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = w.out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }

    #[test]
    fn an_escape_is_never_split_by_a_fold() {
        for pad in 60..80 {
            let mut w = Writer::default();
            let long = format!("DESCRIPTION:{}{}", "a".repeat(pad), "\\n\\,".repeat(10));
            w.line(&long);
            for l in w.out.split("\r\n") {
                let trailing = l.len() - l.trim_end_matches('\\').len();
                assert_eq!(trailing % 2, 0, "{l:?}");
                assert!(l.len() <= MAX_LINE);
            }
            assert_eq!(w.out.replace("\r\n ", "").trim_end(), long);
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a,b;c\\d\ne\u{7}"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(utc_offset(-18000), "-0500");
        assert_eq!(utc_offset(19800), "+0530");
        assert_eq!(utc_offset(-1), "-000001");
        assert_eq!(param("Europe/Berlin"), "Europe/Berlin");
        assert_eq!(param("a:b\""), "\"a:b\"");
    }
}
