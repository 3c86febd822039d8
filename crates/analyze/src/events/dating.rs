//! Dating events: the event's own time expression (a date mention of its clause in
//! `doc.dates`), a "N jours après que ..." / "a day after ..." clause (the event in the
//! subordinate clause is N days before the main clause's date), the date another mention of the
//! same nominal event carries ("le début de l'invasion, le 24 février"), else the article date
//! (dateline, then publication), each with its precision.

use jiff::civil::Date;
use vigie_doc::{DateMention, Document, Precision, Span};

use super::patterns::Dating;

/// The article's own date: the dateline's, else the publication date.
pub fn article_date(doc: &Document) -> Option<Date> {
    doc.meta
        .dateline
        .as_ref()
        .and_then(|d| d.date.as_deref())
        .or(doc.meta.published.as_deref())
        .and_then(|d| d.get(..10))
        .and_then(|d| d.parse::<Date>().ok())
}

/// A resolved date with its precision.
pub type Dated = (String, Precision);

/// The date mention of `doc.dates` inside `clause` nearest to the trigger, when resolved.
pub fn own_date(doc: &Document, clause: Span, trigger: Span) -> Option<Dated> {
    nearest(&doc.dates, clause, trigger)
}

/// Of `dates`, the resolved one inside `clause` nearest to `trigger`.
fn nearest(dates: &[DateMention], clause: Span, trigger: Span) -> Option<Dated> {
    dates
        .iter()
        .filter(|d| d.value.is_some() && clause.start <= d.span.start && d.span.end <= clause.end)
        .min_by_key(|d| {
            if d.span.start >= trigger.end {
                d.span.start - trigger.end
            } else {
                trigger.start.saturating_sub(d.span.end)
            }
        })
        .and_then(|d| Some((d.value.clone()?, d.precision)))
}

/// The document's resolved date mentions, for [`own_date`] per hit: when they are in text
/// order (the date stage's), those inside a clause are found by binary search, not by a scan
/// of every date of the article.
pub struct DateIndex<'d> {
    doc: &'d Document,
    ordered: bool,
}

impl<'d> DateIndex<'d> {
    /// Indexes `doc.dates`.
    pub fn new(doc: &'d Document) -> DateIndex<'d> {
        let ordered = doc
            .dates
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start);
        DateIndex { doc, ordered }
    }

    /// [`own_date`], the same answer.
    pub fn own_date(&self, clause: Span, trigger: Span) -> Option<Dated> {
        if !self.ordered {
            return own_date(self.doc, clause, trigger);
        }
        let dates = &self.doc.dates;
        let lo = dates.partition_point(|d| d.span.start < clause.start);
        let hi = dates.partition_point(|d| d.span.start <= clause.end);
        nearest(dates.get(lo..hi.max(lo)).unwrap_or(&[]), clause, trigger)
    }
}

/// Days back for "un jour après que X" / "two days after X" standing before the trigger in
/// `before`, the normalised sentence text up to the trigger: a number, a unit and an "after"
/// word in a row (words between spaces; the "after" word may end a clause: "deux jours
/// après,"), or a one-day phrase, as the language's `[dating]` table lists them.
pub fn days_before(before: &str, d: &Dating) -> Option<i64> {
    if d.day_before.iter().any(|m| before.contains(m.as_str())) {
        return Some(1);
    }
    // Without a unit's letters there is no unit word: the words need not be split.
    if !d.units.keys().any(|u| before.contains(u.as_str())) {
        return None;
    }
    // (words as written between spaces: "un jour, après la guerre" is not "un jour après")
    let words: Vec<&str> = before.split_whitespace().collect();
    words.windows(3).find_map(|w| {
        let days = d.units.get(w[1])?;
        let after = w[2].trim_end_matches(|c: char| !c.is_alphanumeric());
        if !d.after.iter().any(|a| a == after) {
            return None;
        }
        let n = w[0]
            .parse::<i64>()
            .ok()
            .or_else(|| d.numbers.get(w[0]).copied())?;
        n.checked_mul(*days)
    })
}

/// `date` minus `days`, as `YYYY-MM-DD`.
pub fn shift(date: Date, days: i64) -> Option<String> {
    date.checked_sub(jiff::Span::new().days(days))
        .ok()
        .map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_before_reads_after_clauses() {
        let lex = vigie_lexicon::Lexicons::embedded();
        let table = |lang| {
            super::super::patterns::Lexicon::load(&lex, lang, &|_| true)
                .unwrap()
                .dating
        };
        let (fr, en) = (table(vigie_doc::Lang::Fr), table(vigie_doc::Lang::En));
        assert_eq!(
            days_before("sont intervenues un jour après que le conseiller", &fr),
            Some(1)
        );
        assert_eq!(days_before("came two days after", &en), Some(2));
        assert_eq!(days_before("au lendemain de la rencontre", &fr), Some(1));
        assert_eq!(days_before("a rencontré", &fr), None);
        assert_eq!(days_before("trois semaines après l'attaque", &fr), Some(21));
        assert_eq!(days_before("12 jours après", &fr), Some(12));
        assert_eq!(days_before("ten weeks later", &en), Some(70));
        assert_eq!(days_before("deux jours plus tard", &fr), None);
        // each language reads its own words
        assert_eq!(days_before("came two days after", &fr), None);
        let d: Date = "2022-03-17".parse().unwrap();
        assert_eq!(shift(d, 1).as_deref(), Some("2022-03-16"));
    }
}
