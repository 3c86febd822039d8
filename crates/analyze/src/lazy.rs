//! Regexes compiled on first use.
//!
//! A rule stage keeps two forms of its patterns: one [`regex::RegexSet`] that finds, in one
//! pass, which rules can match, and each rule's own regex that then confirms the match and
//! reads its groups. The set is needed on every document; most rules' own regexes are not
//! (another language's rules, furniture that a site does not print, date forms an article
//! does not use), and with Unicode classes and bounded repeats (`[^>›»]{1,40}`) compiling one
//! costs milliseconds. [`LazyRegex`] checks the pattern's syntax when the stage is built, so
//! a bad pattern is still an error naming its rule, and compiles it the first time a document
//! needs it.

use std::sync::OnceLock;

use regex::Regex;
use regex_syntax::hir::{Hir, HirKind, Look, Repetition};

/// A pattern whose syntax is checked up front and whose regex is compiled on first use.
#[derive(Debug)]
pub struct LazyRegex {
    pattern: String,
    regex: OnceLock<Result<Regex, String>>,
}

impl LazyRegex {
    /// Checks `pattern`'s syntax (as [`Regex::new`] reads it) without compiling it.
    pub fn new(pattern: String) -> Result<LazyRegex, String> {
        regex_syntax::Parser::new()
            .parse(&pattern)
            .map_err(|e| e.to_string())?;
        Ok(LazyRegex {
            pattern,
            regex: OnceLock::new(),
        })
    }

    /// The pattern as given.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The compiled regex; `Err` when compiling fails although the syntax is valid (a size
    /// limit). The stages' example checks call every rule's regex, so such a rule fails the
    /// tests and `vigie lexicon check` instead of silently never matching.
    pub fn get(&self) -> Result<&Regex, &str> {
        self.regex
            .get_or_init(|| Regex::new(&self.pattern).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(String::as_str)
    }

    /// Whether the regex matches `text` (false when it failed to compile: see [`Self::get`]).
    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_ok_and(|r| r.is_match(text))
    }
}

/// A looser form of `pattern` for a prefilter set: it matches every string `pattern` matches
/// (and more), and compiles to a far smaller automaton. Word boundaries go (they also keep
/// the regex crate's DFAs off non-ASCII text); bounded repeats lose their upper bound and
/// keep at most one copy (`[^>]{1,40}` becomes `[^>]+`, `.{0,120}` becomes `.*`); groups
/// stop capturing. Line anchors stay.
pub fn loosen(pattern: &str) -> Result<String, String> {
    let hir = regex_syntax::Parser::new()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    Ok(loose(hir).to_string())
}

fn loose(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(look) => match look {
            Look::Start
            | Look::End
            | Look::StartLF
            | Look::EndLF
            | Look::StartCRLF
            | Look::EndCRLF => Hir::look(look),
            _ => Hir::empty(),
        },
        HirKind::Repetition(r) => {
            let bounded = r.max.is_some_and(|max| max > r.min);
            Hir::repetition(Repetition {
                min: if bounded { r.min.min(1) } else { r.min },
                max: if bounded { None } else { r.max },
                greedy: r.greedy,
                sub: Box::new(loose(*r.sub)),
            })
        }
        HirKind::Capture(c) => loose(*c.sub),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(loose).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(loose).collect()),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Class(c) => Hir::class(c),
        HirKind::Empty => Hir::empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loosened_pattern_matches_a_superset_and_compiles_smaller() {
        let cases = [
            (
                r"(?i)^(?:[^>›»\n.,;]{1,40}(?:\s+[>›»]\s+[^>›»\n.,;]{1,60}){2,})$",
                "Accueil > Monde > Europe",
            ),
            (
                r"(?i)^(?:.*\b(?:cookies?)\b.*)$",
                "Nous utilisons des Cookies.",
            ),
            (r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/\d{4}$", "24/02/2022"),
            (r"(?i)^(?:lire\s+aussi\b.{0,120})$", "LIRE AUSSI : la suite"),
        ];
        for (pattern, yes) in cases {
            let strict = Regex::new(pattern).unwrap();
            let loose = Regex::new(&loosen(pattern).unwrap()).unwrap();
            assert!(strict.is_match(yes) && loose.is_match(yes), "{pattern}");
            // Anchors stay: neither matches with text around.
            let around = format!("x\n{yes} y");
            assert!(
                !strict.is_match(&around) && !loose.is_match(&around),
                "{pattern}"
            );
        }
        // Looser: past the bound, across a word edge.
        let strict = Regex::new(r"^(?:[a-z]{1,3}\b)$").unwrap();
        let loose = Regex::new(&loosen(r"^(?:[a-z]{1,3}\b)$").unwrap()).unwrap();
        assert!(!strict.is_match("abcdef") && loose.is_match("abcdef"));
        assert!(!loose.is_match("abc1"));
        // Smaller: the bounded Unicode repeat is most of the strict automaton.
        let big = r"(?i)^(?:.{1,120}\s[/©|]\s*(?:AFP|Reuters))$";
        let size = |p: &str| {
            regex::RegexBuilder::new(p)
                .size_limit(1 << 30)
                .build()
                .map(|_| ())
                .is_ok()
        };
        assert!(size(big));
        assert!(regex::RegexBuilder::new(&loosen(big).unwrap())
            .size_limit(1 << 16)
            .build()
            .is_ok());
        assert!(regex::RegexBuilder::new(big)
            .size_limit(1 << 16)
            .build()
            .is_err());
    }

    #[test]
    fn syntax_is_checked_up_front_and_the_regex_compiled_once_on_use() {
        assert!(LazyRegex::new("(?i)lire (aussi".into()).is_err());
        assert!(LazyRegex::new(r"\p{Nope}".into()).is_err());
        let r = LazyRegex::new(r"(?i)^lire\s+aussi\b".into()).unwrap();
        assert!(r.regex.get().is_none());
        assert!(r.is_match("LIRE AUSSI : la suite"));
        assert!(!r.is_match("à lire aussi"));
        let first: *const Regex = r.get().unwrap();
        assert!(std::ptr::eq(first, r.get().unwrap()));
        assert_eq!(r.as_str(), r"(?i)^lire\s+aussi\b");
    }

    #[test]
    fn a_pattern_too_big_to_compile_reports_it_on_use() {
        // Valid syntax, but past the regex crate's default size limit.
        let r = LazyRegex::new(r"\w{1000}\w{1000}\w{1000}".into()).unwrap();
        assert!(r.get().is_err());
        assert!(!r.is_match("abc"));
    }
}
