//! Writing documents: the whole JSON plus one row per annotation, one transaction per batch.

use rusqlite::{params, Transaction};
use vigie_doc::{Document, Span};

use crate::Error;

/// Longest context kept beside a quote or event, in bytes (the whole sentence usually fits).
const MAX_CONTEXT: usize = 1200;

/// The date an article speaks for: its dateline date, else its publication date.
pub fn article_date(doc: &Document) -> Option<String> {
    doc.meta
        .dateline
        .as_ref()
        .and_then(|d| d.date.clone())
        .or_else(|| doc.meta.published.clone())
}

/// The stored form of a document: its JSON, deflated (a fifth of the size: fewer pages to
/// write, a smaller file). Stored as a BLOB; a TEXT value in the column is plain JSON (stores
/// written before), and [`decode_doc`] reads both.
pub fn encode_doc(doc: &Document) -> Result<Vec<u8>, Error> {
    // Serialised first: the encoder is slow on serde's many small writes.
    let json = serde_json::to_vec(doc)?;
    DEFLATE.with(|z| deflate(&mut z.borrow_mut(), &json))
}

thread_local! {
    /// One compressor per thread, reset between documents: setting one up costs more than
    /// deflating a whole article (its hash tables and buffers are hundreds of kilobytes).
    static DEFLATE: std::cell::RefCell<flate2::Compress> =
        std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::fast(), false));
}

/// Raw deflate of `input` with `z`, which is left reset for the next call.
fn deflate(z: &mut flate2::Compress, input: &[u8]) -> Result<Vec<u8>, Error> {
    z.reset();
    let mut out = Vec::with_capacity(input.len() / 4 + 64);
    loop {
        let done = z.total_in() as usize;
        let status = z
            .compress_vec(&input[done..], &mut out, flate2::FlushCompress::Finish)
            .map_err(|e| serde_json::Error::io(e.into()))?;
        match status {
            flate2::Status::StreamEnd => return Ok(out),
            // Out of room: grow and go on.
            flate2::Status::Ok | flate2::Status::BufError => out.reserve(out.capacity().max(64)),
        }
    }
}

/// Reads a stored document: deflated JSON (BLOB) or plain JSON (TEXT).
pub fn decode_doc(value: rusqlite::types::ValueRef<'_>) -> Result<Document, Error> {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Blob(b) => {
            use std::io::Read;
            let mut json = Vec::with_capacity(b.len() * 5);
            flate2::read::DeflateDecoder::new(b)
                .read_to_end(&mut json)
                .map_err(serde_json::Error::io)?;
            Ok(serde_json::from_slice(&json)?)
        }
        ValueRef::Text(t) => Ok(serde_json::from_slice(t)?),
        other => Err(Error::Db(rusqlite::Error::InvalidColumnType(
            0,
            "doc".into(),
            other.data_type(),
        ))),
    }
}

/// Inserts one document (`stored`: its [`encode_doc`] form) unless its hash is already stored.
/// Returns whether it was new.
pub fn insert(tx: &Transaction<'_>, doc: &Document, stored: &[u8]) -> Result<bool, Error> {
    let date = article_date(doc);
    let lang = doc.lang.code();
    let dateline = doc.meta.dateline.as_ref();
    let added = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO articles
             (sha256, doc_id, path, url, lang, headline, date, agency, byline, section, doc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            doc.source.sha256,
            doc.id,
            doc.source.path,
            doc.source.url,
            lang,
            doc.meta.headline,
            date,
            dateline.and_then(|d| d.agency.as_deref()),
            doc.meta.byline,
            doc.meta.section,
            stored,
        ])?;
    if added == 0 {
        return Ok(false);
    }
    let article = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO articles_fts (rowid, headline, body) VALUES (?1, ?2, ?3)")?
        .execute(params![article, doc.meta.headline, doc.body])?;
    let row = ArticleRow {
        tx,
        doc,
        article,
        date: date.as_deref(),
        lang,
    };
    insert_entities(&row)?;
    insert_quotes(&row)?;
    insert_events(&row)?;
    Ok(true)
}

/// What the layer rows of one article share. One function per table: each shows as its own
/// line in a profile (callgrind), which is how the store's write cost was split.
struct ArticleRow<'a> {
    tx: &'a Transaction<'a>,
    doc: &'a Document,
    /// The article's rowid.
    article: i64,
    /// The date the article speaks for.
    date: Option<&'a str>,
    lang: &'a str,
}

#[inline(never)]
fn insert_entities(row: &ArticleRow<'_>) -> Result<(), Error> {
    let ArticleRow {
        tx, doc, article, ..
    } = *row;
    let mut ent = tx.prepare_cached(
        "INSERT INTO entities (article, eid, type, name, actor, role, gender, mentions, rule)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut men = tx.prepare_cached(
        "INSERT INTO mentions (article, eid, start, \"end\", text, kind, rule)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for e in &doc.entities {
        let gender = e.gender.map(|g| match g {
            vigie_doc::Gender::F => "f",
            vigie_doc::Gender::M => "m",
        });
        ent.execute(params![
            article,
            e.id.0,
            e.kind.as_str(),
            e.name,
            e.actor,
            e.role,
            gender,
            e.mentions.len() as i64,
            e.rule,
        ])?;
        for m in &e.mentions {
            men.execute(params![
                article,
                e.id.0,
                m.span.start as i64,
                m.span.end as i64,
                m.text,
                m.kind,
                m.rule,
            ])?;
        }
    }
    Ok(())
}

#[inline(never)]
fn insert_quotes(row: &ArticleRow<'_>) -> Result<(), Error> {
    let (tx, doc) = (row.tx, row.doc);
    let mut q = tx.prepare_cached(
        "INSERT INTO quotes (article, idx, kind, text, start, \"end\", speaker, speaker_id,
         speaker_actor, cue, via, date, lang, context, context_start, rule, confidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    let mut fts = tx.prepare_cached(
        "INSERT INTO quotes_fts (rowid, text, speaker, via) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, quote) in doc.quotes.iter().enumerate() {
        let speaker = quote.speaker_id.and_then(|id| doc.entity(id));
        let speaker_name = quote
            .speaker
            .clone()
            .or_else(|| speaker.map(|e| e.name.clone()));
        let (context, context_start) = context(doc, quote.span);
        q.execute(params![
            row.article,
            i as i64,
            quote.kind.as_str(),
            quote.text,
            quote.span.start as i64,
            quote.span.end as i64,
            speaker_name,
            quote.speaker_id.map(|id| id.0),
            speaker.and_then(|e| e.actor.clone()),
            quote.cue,
            quote.via,
            row.date,
            row.lang,
            context,
            context_start as i64,
            quote.rule,
            quote.confidence as f64,
        ])?;
        let rowid = tx.last_insert_rowid();
        fts.execute(params![rowid, quote.text, speaker_name, quote.via])?;
    }
    Ok(())
}

#[inline(never)]
fn insert_events(row: &ArticleRow<'_>) -> Result<(), Error> {
    let (tx, doc) = (row.tx, row.doc);
    let mut ev = tx.prepare_cached(
        "INSERT INTO events (article, idx, cameo, root, plover, label, source, target,
         source_name, target_name, date, date_precision, trigger, trigger_start, trigger_end,
         sentence_start, sentence, negated, modality, lang, rule, confidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
         ?18, ?19, ?20, ?21, ?22)",
    )?;
    for (i, e) in doc.events.iter().enumerate() {
        let name = |id: Option<vigie_doc::EntityId>| {
            id.and_then(|id| doc.entity(id)).map(|e| e.name.clone())
        };
        let (sentence, sentence_start) = context(doc, e.sentence_span.cover(e.trigger_span));
        let root: String = e.cameo.chars().take(2).collect();
        ev.execute(params![
            row.article,
            i as i64,
            e.cameo,
            root,
            e.plover,
            e.label,
            e.source,
            e.target,
            name(e.source_id),
            name(e.target_id),
            e.date.as_deref().or(row.date),
            e.date_precision.map(precision_str),
            e.trigger,
            e.trigger_span.start as i64,
            e.trigger_span.end as i64,
            sentence_start as i64,
            sentence,
            e.negated,
            modality_str(e.modality),
            row.lang,
            e.rule,
            e.confidence as f64,
        ])?;
    }
    Ok(())
}

/// The sentence(s) around `span`, capped at [`MAX_CONTEXT`] bytes, and where they start.
fn context(doc: &Document, span: Span) -> (String, usize) {
    let start = doc
        .sentence_at(span.start)
        .map_or(span.start, |s| s.start.min(span.start));
    let end = doc
        .sentence_at(span.end.saturating_sub(1))
        .map_or(span.end, |s| s.end.max(span.end));
    let mut s = Span::new(start.min(span.start), end.max(span.end));
    if s.len() > MAX_CONTEXT {
        s = span;
    }
    match doc.text.get(s.start..s.end) {
        Some(t) => (t.to_string(), s.start),
        None => (doc.slice(span).to_string(), span.start),
    }
}

fn precision_str(p: vigie_doc::Precision) -> &'static str {
    match p {
        vigie_doc::Precision::Day => "day",
        vigie_doc::Precision::Week => "week",
        vigie_doc::Precision::Month => "month",
        vigie_doc::Precision::Year => "year",
    }
}

fn modality_str(m: vigie_doc::Modality) -> &'static str {
    use vigie_doc::Modality::*;
    match m {
        Asserted => "asserted",
        Denied => "denied",
        Demanded => "demanded",
        Threatened => "threatened",
        Intended => "intended",
        Hypothetical => "hypothetical",
        Reported => "reported",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::ValueRef;
    use vigie_doc::Input;

    #[test]
    fn stored_documents_round_trip_deflated_or_plain() {
        let mut input = Input::from_text("Le ministre a déclaré jeudi qu'il partirait.");
        input.source.sha256 = "ab".repeat(32);
        let doc = Document::new(input);
        let stored = encode_doc(&doc).unwrap();
        let back = decode_doc(ValueRef::Blob(&stored)).unwrap();
        assert_eq!(back.text, doc.text);
        assert_eq!(back.source.sha256, doc.source.sha256);
        // Stores written before compression hold plain JSON text.
        let json = serde_json::to_string(&doc).unwrap();
        let back = decode_doc(ValueRef::Text(json.as_bytes())).unwrap();
        assert_eq!(back.text, doc.text);
        assert!(decode_doc(ValueRef::Integer(3)).is_err());
    }

    #[test]
    fn the_reused_compressor_gives_each_document_its_own_stream() {
        // Documents of very different sizes, one after the other on one thread, and an output
        // that starts too small for the input (the grow path).
        let texts = [
            "Court.".to_string(),
            "Le ministre a déclaré jeudi qu'il partirait. ".repeat(2000),
            String::new(),
            "x".to_string(),
        ];
        for text in &texts {
            let mut input = Input::from_text(text);
            input.source.sha256 = "cd".repeat(32);
            let doc = Document::new(input);
            let stored = encode_doc(&doc).unwrap();
            let back = decode_doc(ValueRef::Blob(&stored)).unwrap();
            assert_eq!(&back.text, text);
        }
        let mut z = flate2::Compress::new(flate2::Compression::fast(), false);
        let noise: Vec<u8> = (0..50_000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        for _ in 0..2 {
            let packed = deflate(&mut z, &noise).unwrap();
            let mut back = Vec::new();
            use std::io::Read;
            flate2::read::DeflateDecoder::new(&packed[..])
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(back, noise);
        }
    }
}
