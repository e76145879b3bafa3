//! Short classes for highlighted tokens. syntect's own class output names every scope
//! of a token's stack (`hl-meta hl-function-call hl-arguments hl-shell`, nested spans)
//! and leaves the browser to resolve a stylesheet of scope selectors; that markup was a
//! third of a code-heavy page. Here the resolution is done once per scope stack, the way
//! the browser did it for that stylesheet, and the result is named by a few short classes
//! from fixed palettes, so the look stays what it was:
//!
//! - the rules are the light theme's, then (dark scheme only) the dark theme's, in
//!   stylesheet order; a rule's selectors are scope paths, each scope a compound of
//!   classes (its atoms), matched as descendant selectors over the token's scope stack;
//! - a token's colour and background come from the nearest styled element of its
//!   stack: the matching rule there with the most classes, the later one on a tie;
//! - bold, italic and underline come from any element of the stack (the stylesheet only
//!   ever switches them on);
//! - one deliberate change: a light colour that wins under the dark scheme on the code
//!   background is made readable there, as the dark theme's colours are.
//!
//! Classes: `l<n>` light colour, `d<n>` dark colour (only where it differs from the
//! light one, whose class still applies in the dark), `lb<n>` / `db<n>` backgrounds,
//! `fb` `fi` `fu` bold, italic, underline in both schemes, `dfb` `dfi` `dfu` in the dark
//! one only. The palettes come from the bundled themes alone, so the names are the same
//! in every build and on every page, and one stylesheet serves all of them.

use super::contrast::ensure_contrast;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;
use std::sync::{OnceLock, PoisonError, RwLock};
use syntect::highlighting::{FontStyle, Theme, ThemeSet};
use syntect::parsing::Scope;

const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";
/// The code backgrounds of style.css (--code-bg), which token colours are checked against.
const LIGHT_CODE_BG: &str = "#f3f5f4";
const DARK_CODE_BG: &str = "#1f2629";

/// How one token looks in one scheme.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Look {
    color: Option<String>,
    background: Option<String>,
    bold: bool,
    italic: bool,
    underline: bool,
}

/// What a stylesheet rule sets.
#[derive(Debug, Clone, Default)]
struct Declarations {
    color: Option<String>,
    background: Option<String>,
    bold: bool,
    italic: bool,
    underline: bool,
}

/// One scope selector: compounds of atoms from outermost to innermost.
struct Selector {
    path: Vec<Vec<String>>,
    /// The number of classes in the selector (its CSS specificity).
    specificity: usize,
}

struct Rule {
    selectors: Vec<Selector>,
    set: Declarations,
}

/// The rules of both schemes and the palettes their values are named from.
struct Tables {
    light: Vec<Rule>,
    /// The light rules followed by the dark ones: under the dark scheme both apply.
    dark: Vec<Rule>,
    light_colors: Vec<String>,
    dark_colors: Vec<String>,
    light_backgrounds: Vec<String>,
    dark_backgrounds: Vec<String>,
}

/// The classes of a token with this scope stack, and whether whitespace with it looks
/// like unstyled whitespace (no background, no underline), so that it needs no span.
#[derive(Clone)]
pub struct TokenClass {
    pub class: String,
    pub invisible_on_blank: bool,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let themes = ThemeSet::load_defaults();
        let rules = |name: &str, code_bg: &str| {
            themes
                .themes
                .get(name)
                .map(|t| theme_rules(t, code_bg))
                .unwrap_or_default()
        };
        let light = rules(LIGHT_THEME, LIGHT_CODE_BG);
        let mut dark = rules(LIGHT_THEME, LIGHT_CODE_BG);
        dark.extend(rules(DARK_THEME, DARK_CODE_BG));
        let palette = |rules: &[Rule], pick: fn(&Declarations) -> &Option<String>| {
            let set: BTreeSet<String> = rules.iter().filter_map(|r| pick(&r.set).clone()).collect();
            set.into_iter().collect::<Vec<_>>()
        };
        // Light colours that win under the dark scheme are made readable there too.
        let mut dark_colors: BTreeSet<String> = palette(&dark, |d| &d.color).into_iter().collect();
        dark_colors.extend(
            light
                .iter()
                .filter_map(|r| r.set.color.as_deref())
                .map(readable_on_dark),
        );
        Tables {
            light_colors: palette(&light, |d| &d.color),
            dark_colors: dark_colors.into_iter().collect(),
            light_backgrounds: palette(&light, |d| &d.background),
            dark_backgrounds: palette(&dark, |d| &d.background),
            light,
            dark,
        }
    })
}

fn hex(c: syntect::highlighting::Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// A foreground colour made readable on the code background, as the stylesheet has it.
fn readable(color: syntect::highlighting::Color, code_bg: &str) -> String {
    let css = ensure_contrast(&format!("color:{}", hex(color)), code_bg);
    css.trim_start_matches("color:").to_string()
}

/// A colour of the light theme made readable on the dark code background: with the
/// scope stylesheets, a light rule more specific than any dark one kept its colour under
/// the dark scheme (dark grey on the dark background, for a shell option).
fn readable_on_dark(color: &str) -> String {
    let css = ensure_contrast(&format!("color:{color}"), DARK_CODE_BG);
    css.trim_start_matches("color:").to_string()
}

/// A theme's rules in stylesheet order: its defaults (under the class `code`, which a
/// scope atom can carry), then one rule per scope item.
fn theme_rules(theme: &Theme, code_bg: &str) -> Vec<Rule> {
    let defaults = Rule {
        selectors: vec![Selector {
            path: vec![vec!["code".to_string()]],
            specificity: 1,
        }],
        set: Declarations {
            color: theme.settings.foreground.map(|c| readable(c, code_bg)),
            background: theme.settings.background.map(hex),
            ..Declarations::default()
        },
    };
    let mut rules = vec![defaults];
    for item in &theme.scopes {
        let selectors = item
            .scope
            .selectors
            .iter()
            .map(|s| {
                let path: Vec<Vec<String>> = s.extract_scopes().into_iter().map(atoms).collect();
                let specificity = path.iter().map(Vec::len).sum();
                Selector { path, specificity }
            })
            .collect();
        let font = item.style.font_style.unwrap_or_else(FontStyle::empty);
        rules.push(Rule {
            selectors,
            set: Declarations {
                color: item.style.foreground.map(|c| readable(c, code_bg)),
                background: item.style.background.map(hex),
                bold: font.contains(FontStyle::BOLD),
                italic: font.contains(FontStyle::ITALIC),
                underline: font.contains(FontStyle::UNDERLINE),
            },
        });
    }
    rules
}

fn atoms(scope: Scope) -> Vec<String> {
    let name = scope.build_string();
    name.split('.')
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect()
}

/// Whether `selector` matches the element of `stack[at]` (its ancestors are before it).
fn matches(selector: &Selector, stack: &[Vec<String>], at: usize) -> bool {
    let has =
        |element: &[String], compound: &[String]| compound.iter().all(|a| element.contains(a));
    let Some((last, outer)) = selector.path.split_last() else {
        return false;
    };
    if !has(&stack[at], last) {
        return false;
    }
    // Descendant combinators: each outer compound on some ancestor, innermost first.
    let mut ancestors = stack[..at].iter().rev();
    outer
        .iter()
        .rev()
        .all(|compound| ancestors.any(|element| has(element, compound)))
}

/// The look of text inside the innermost element of `stack` under `rules`.
fn resolve(rules: &[Rule], stack: &[Vec<String>]) -> Look {
    let mut look = Look::default();
    let mut color_found = false;
    let mut background_found = false;
    for at in (0..stack.len()).rev() {
        // (specificity, order) of the winning colour and background on this element.
        let mut color: Option<((usize, usize), &String)> = None;
        let mut background: Option<((usize, usize), &String)> = None;
        for (order, rule) in rules.iter().enumerate() {
            let Some(specificity) = rule
                .selectors
                .iter()
                .filter(|s| matches(s, stack, at))
                .map(|s| s.specificity)
                .max()
            else {
                continue;
            };
            let rank = (specificity, order);
            if let Some(c) = &rule.set.color
                && color.is_none_or(|(r, _)| rank > r)
            {
                color = Some((rank, c));
            }
            if let Some(b) = &rule.set.background
                && background.is_none_or(|(r, _)| rank > r)
            {
                background = Some((rank, b));
            }
            look.bold |= rule.set.bold;
            look.italic |= rule.set.italic;
            look.underline |= rule.set.underline;
        }
        if !color_found && let Some((_, c)) = color {
            look.color = Some(c.clone());
            color_found = true;
        }
        if !background_found && let Some((_, b)) = background {
            look.background = Some(b.clone());
            background_found = true;
        }
    }
    look
}

fn index_of(palette: &[String], value: &str) -> usize {
    palette.iter().position(|v| v == value).unwrap_or(0)
}

/// The class attribute value for a token whose scopes are `scopes` (outermost first).
fn class_for(scopes: &[Scope]) -> TokenClass {
    let t = tables();
    let stack: Vec<Vec<String>> = scopes.iter().map(|s| atoms(*s)).collect();
    let light = resolve(&t.light, &stack);
    let mut dark = resolve(&t.dark, &stack);
    if dark.background.is_none() {
        // A no-op for the dark theme's colours, which are readable there already.
        dark.color = dark.color.as_deref().map(readable_on_dark);
    }
    let mut classes: Vec<String> = Vec::new();
    if let Some(c) = &light.color {
        classes.push(format!("l{}", index_of(&t.light_colors, c)));
    }
    if let Some(c) = &dark.color
        && dark.color != light.color
    {
        classes.push(format!("d{}", index_of(&t.dark_colors, c)));
    }
    if let Some(b) = &light.background {
        classes.push(format!("lb{}", index_of(&t.light_backgrounds, b)));
    }
    if let Some(b) = &dark.background
        && dark.background != light.background
    {
        classes.push(format!("db{}", index_of(&t.dark_backgrounds, b)));
    }
    for (on_light, on_dark, name) in [
        (light.bold, dark.bold, "b"),
        (light.italic, dark.italic, "i"),
        (light.underline, dark.underline, "u"),
    ] {
        if on_light {
            classes.push(format!("f{name}"));
        } else if on_dark {
            classes.push(format!("df{name}"));
        }
    }
    TokenClass {
        class: classes.join(" "),
        invisible_on_blank: light.background.is_none()
            && dark.background.is_none()
            && !dark.underline,
    }
}

/// [`class_for`], remembered: a site has few distinct scope stacks, and working one
/// out matches it against every rule of both themes. Owned by the highlighter, so
/// that nothing outlives the build that filled it.
#[derive(Default)]
pub struct TokenClasses {
    seen: RwLock<HashMap<Vec<Scope>, TokenClass>>,
}

impl TokenClasses {
    pub fn get(&self, scopes: &[Scope]) -> TokenClass {
        // A panic while holding the lock cannot leave the map inconsistent.
        let seen = self.seen.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = seen.get(scopes) {
            return found.clone();
        }
        drop(seen);
        let class = class_for(scopes);
        self.seen
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(scopes.to_vec(), class.clone());
        class
    }
}

/// The stylesheet for the classes above: light by default (and on paper), the dark
/// colours on screens under `prefers-color-scheme: dark`.
pub fn stylesheet() -> String {
    let t = tables();
    let mut css = String::from("/* highlighted code: generated from syntect's themes */\n");
    for (i, c) in t.light_colors.iter().enumerate() {
        let _ = writeln!(css, ".l{i}{{color:{c}}}");
    }
    for (i, b) in t.light_backgrounds.iter().enumerate() {
        let _ = writeln!(css, ".lb{i}{{background-color:{b}}}");
    }
    css.push_str(".fb{font-weight:bold}\n.fi{font-style:italic}\n.fu{text-decoration:underline}\n");
    css.push_str("@media screen and (prefers-color-scheme: dark) {\n");
    for (i, c) in t.dark_colors.iter().enumerate() {
        let _ = writeln!(css, ".d{i}{{color:{c}}}");
    }
    for (i, b) in t.dark_backgrounds.iter().enumerate() {
        let _ = writeln!(css, ".db{i}{{background-color:{b}}}");
    }
    css.push_str(
        ".dfb{font-weight:bold}\n.dfi{font-style:italic}\n.dfu{text-decoration:underline}\n}\n",
    );
    css
}
