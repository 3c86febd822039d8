//! The text report of `vigie analyze --format text`: what a person reads in a terminal.

use std::io::{self, Write};

use vigie_doc::{Document, Quote};

/// Writes one document's report.
pub fn write(out: &mut impl Write, doc: &Document) -> io::Result<()> {
    let rule = "─".repeat(72);
    writeln!(out, "{rule}")?;
    let source = doc
        .source
        .path
        .as_deref()
        .or(doc.source.url.as_deref())
        .unwrap_or("<stdin>");
    writeln!(out, "{}  [{}]  {}", doc.id, doc.lang, source)?;
    if let Some(h) = &doc.meta.headline {
        writeln!(out, "\n  {h}")?;
    }
    let m = &doc.meta;
    let mut line = Vec::new();
    if let Some(s) = &m.section {
        line.push(format!("section: {s}"));
    }
    if let Some(d) = &m.dateline {
        let parts: Vec<&str> = [d.place.as_deref(), d.date.as_deref(), d.agency.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        line.push(format!("dateline: {}", parts.join(", ")));
    }
    if let Some(b) = &m.byline {
        line.push(format!("by {b}"));
    }
    if let Some(p) = &m.published {
        line.push(format!("published {p}"));
    }
    if !line.is_empty() {
        writeln!(out, "  {}", line.join(" · "))?;
    }
    if !doc.removed.is_empty() {
        writeln!(out, "  ({} furniture block(s) removed)", doc.removed.len())?;
    }

    if !doc.entities.is_empty() {
        writeln!(out, "\nEntities ({})", doc.entities.len())?;
        for e in &doc.entities {
            let mut extra = Vec::new();
            if let Some(a) = &e.actor {
                extra.push(a.clone());
            }
            if let Some(g) = e.gender {
                extra.push(match g {
                    vigie_doc::Gender::F => "f".into(),
                    vigie_doc::Gender::M => "m".into(),
                });
            }
            write!(out, "  {:<12} {}", e.kind.as_str(), e.name)?;
            if !extra.is_empty() {
                write!(out, " [{}]", extra.join(", "))?;
            }
            if let Some(r) = &e.role {
                write!(out, " — {r}")?;
            }
            let others: Vec<&str> = e
                .mentions
                .iter()
                .map(|m| m.text.as_str())
                .filter(|t| *t != e.name)
                .collect();
            if !others.is_empty() {
                let mut uniq = others.clone();
                uniq.dedup();
                write!(out, "  (also: {})", uniq.join(", "))?;
            }
            writeln!(out)?;
        }
    }

    if !doc.quotes.is_empty() {
        writeln!(out, "\nQuotes ({})", doc.quotes.len())?;
        for q in &doc.quotes {
            write_quote(out, q)?;
        }
    }

    if !doc.events.is_empty() {
        writeln!(out, "\nEvents ({})", doc.events.len())?;
        for e in &doc.events {
            let date = e.date.as_deref().unwrap_or("undated");
            let src = e.source.as_deref().unwrap_or("?");
            let tgt = e.target.as_deref().unwrap_or("?");
            let mut flags = String::new();
            if e.negated {
                flags.push_str(" (negated)");
            }
            if e.modality != vigie_doc::Modality::Asserted {
                flags.push_str(&format!(" ({:?})", e.modality).to_lowercase());
            }
            let label = e.label.as_deref().unwrap_or("");
            writeln!(out, "  {date}  {src} → {tgt}  {} {label}{flags}", e.cameo)?;
            writeln!(out, "              “{}”", e.trigger)?;
        }
    }

    if !doc.dates.is_empty() {
        writeln!(out, "\nDates ({})", doc.dates.len())?;
        for d in &doc.dates {
            writeln!(
                out,
                "  {:<20} {}",
                d.text,
                d.value.as_deref().unwrap_or("(unresolved)")
            )?;
        }
    }
    writeln!(out)
}

fn write_quote(out: &mut impl Write, q: &Quote) -> io::Result<()> {
    let who = q.speaker.as_deref().unwrap_or("(unattributed)");
    let mut head = format!("  [{}] {who}", q.kind.as_str());
    if let Some(c) = &q.cue {
        head.push_str(&format!(" ({c})"));
    }
    if let Some(v) = &q.via {
        head.push_str(&format!(", via {v}"));
    }
    writeln!(out, "{head}")?;
    writeln!(out, "      « {} »", q.text)
}
