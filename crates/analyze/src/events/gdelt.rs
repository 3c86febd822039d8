//! GDELT 2.0 event-table rows: the 61 tab-separated columns of the GDELT 2.0 "export" files,
//! filled where vigie knows the value (ids, dates, actors split into country/group/type codes,
//! entity names, CAMEO code with base and root, quad class, Goldstein value, mention counts,
//! root-event flag, the dateline as action place, source URL) and left empty where it does not
//! (ethnic and religion codes, tone, coordinates, FIPS geo codes).
//!
//! ```
//! use vigie_analyze::events::gdelt::{HEADER, gdelt_row};
//! use vigie_analyze::events::codebook::Codebook;
//! use vigie_doc::{Document, Event, Input, Modality, Span};
//!
//! let book = Codebook::new(&vigie_lexicon::Lexicons::embedded())?;
//! let doc = Document::new(Input::from_text("Moscou a rencontré Kiev."));
//! let event = Event {
//!     cameo: "040".into(), plover: Some("CONSULT".into()), label: None,
//!     source: Some("RUSGOV".into()), target: Some("UKR".into()), source_id: None,
//!     target_id: None, date: Some("2022-03-16".into()), date_precision: None,
//!     trigger: "a rencontré".into(), trigger_span: Span::new(7, 19),
//!     sentence_span: Span::new(0, 25), negated: false, modality: Modality::Asserted,
//!     rule: "fr/events:rencontrer".into(), confidence: 0.8,
//! };
//! let row = gdelt_row(&doc, &event, 1, &book);
//! assert_eq!(row.len(), HEADER.len());
//! assert_eq!(row[1], "20220316");
//! assert_eq!(row[7], "RUS");
//! assert_eq!(row[12], "GOV");
//! assert_eq!(row[28], "04");
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use vigie_doc::{Document, Event};

use super::codebook::Codebook;

/// The GDELT 2.0 event table columns, in order.
pub const HEADER: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// CAMEO actor type codes (the 3-letter chunks that are roles, not countries or groups).
const TYPES: [&str; 26] = [
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "IGO", "NGO", "MED", "EDU", "BUS",
    "CRM", "CVL", "LEG", "HLH", "REF", "MOD", "RAD", "AGR", "ELI", "LAB", "SET", "UAF", "NGM",
];

/// Known IGO/NGO groups written after `IGO`/`NGO` ("IGOUNO").
const GROUPS: [&str; 12] = [
    "UNO", "NAT", "EEC", "EUR", "AFR", "ARL", "WTO", "IMF", "WBK", "OPC", "ASN", "ICC",
];

/// Splits an actor code into (country, known group, types).
fn split_actor(code: &str) -> (String, String, Vec<String>) {
    let mut country = String::new();
    let mut group = String::new();
    let mut types = Vec::new();
    let chunks: Vec<&str> = (0..code.len())
        .step_by(3)
        .filter_map(|i| code.get(i..(i + 3).min(code.len())))
        .collect();
    for (i, c) in chunks.iter().enumerate() {
        if TYPES.contains(c) {
            types.push(c.to_string());
        } else if GROUPS.contains(c) || (i > 0 && group.is_empty() && !country.is_empty()) {
            group = c.to_string();
        } else if i == 0 {
            country = c.to_string();
        } else if group.is_empty() {
            group = c.to_string();
        }
    }
    (country, group, types)
}

fn actor_cols(doc: &Document, code: Option<&str>, id: Option<vigie_doc::EntityId>) -> [String; 10] {
    let code = code.unwrap_or("");
    let (country, group, types) = split_actor(code);
    let name = id
        .and_then(|i| doc.entity(i))
        .map(|e| e.name.to_uppercase())
        .unwrap_or_default();
    let t = |i: usize| types.get(i).cloned().unwrap_or_default();
    [
        code.to_string(),
        name,
        country,
        group,
        String::new(),
        String::new(),
        String::new(),
        t(0),
        t(1),
        t(2),
    ]
}

/// One GDELT 2.0 event row for `event` of `doc`, with `id` as GLOBALEVENTID. Columns vigie
/// does not know are empty strings; the row always has [`HEADER`]'s length.
pub fn gdelt_row(doc: &Document, event: &Event, id: u64, codebook: &Codebook) -> Vec<String> {
    let date = event
        .date
        .as_deref()
        .or(doc.meta.dateline.as_ref().and_then(|d| d.date.as_deref()))
        .or(doc.meta.published.as_deref())
        .unwrap_or("");
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    let (sqldate, month, year, fraction) = match digits.len() {
        8 => {
            let y: f64 = digits[..4].parse().unwrap_or(0.0);
            let m: f64 = digits[4..6].parse().unwrap_or(1.0);
            let d: f64 = digits[6..8].parse().unwrap_or(1.0);
            let doy = (m - 1.0) * 30.4 + d;
            (
                digits.clone(),
                digits[..6].to_string(),
                digits[..4].to_string(),
                format!("{:.4}", y + doy / 365.0),
            )
        }
        _ => Default::default(),
    };
    let info = codebook.get(&event.cameo);
    let base = event.cameo.get(..3).unwrap_or(&event.cameo).to_string();
    let root = event.cameo.get(..2).unwrap_or("").to_string();
    let same = doc
        .events
        .iter()
        .filter(|e| e.cameo == event.cameo && e.source == event.source && e.target == event.target)
        .count()
        .max(1);
    let first_para = doc.paragraphs.first().copied();
    let is_root = first_para
        .is_some_and(|p| p.start <= event.sentence_span.start && event.sentence_span.start < p.end);
    let place = doc
        .meta
        .dateline
        .as_ref()
        .and_then(|d| d.place.clone())
        .unwrap_or_default();
    let added: String = doc
        .source
        .fetched
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    let url = doc
        .source
        .url
        .clone()
        .or_else(|| doc.source.path.clone())
        .unwrap_or_default();
    let mut row = Vec::with_capacity(HEADER.len());
    row.extend([id.to_string(), sqldate, month, year, fraction]);
    row.extend(actor_cols(doc, event.source.as_deref(), event.source_id));
    row.extend(actor_cols(doc, event.target.as_deref(), event.target_id));
    row.extend([
        if is_root { "1" } else { "0" }.to_string(),
        event.cameo.clone(),
        base,
        root,
        info.map(|c| c.quad.to_string()).unwrap_or_default(),
        info.map(|c| format!("{:.1}", c.goldstein))
            .unwrap_or_default(),
        same.to_string(),
        "1".to_string(),
        "1".to_string(),
        String::new(),
    ]);
    // Actor1Geo_*, Actor2Geo_*: unknown.
    row.extend(std::iter::repeat_n(String::new(), 16));
    // ActionGeo_*: the dateline place, by name only.
    row.push(String::new());
    row.push(place);
    row.extend(std::iter::repeat_n(String::new(), 6));
    row.push(added);
    row.push(url);
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_split() {
        assert_eq!(
            split_actor("RUSGOV"),
            ("RUS".into(), "".into(), vec!["GOV".into()])
        );
        assert_eq!(
            split_actor("IGOUNO"),
            ("".into(), "UNO".into(), vec!["IGO".into()])
        );
        assert_eq!(
            split_actor("CVL"),
            ("".into(), "".into(), vec!["CVL".into()])
        );
        assert_eq!(split_actor("UKR"), ("UKR".into(), "".into(), vec![]));
    }
}
