//! Subscriber CSV: `email,name,status,tags` (tags separated by `;`), read row by row with line numbers.

use std::io::{Read, Write};

use crate::domain::{Email, MAX_NAME_CHARS, Subscriber, SubscriberStatus, TagName};
use crate::store::ImportRow;

/// A file-level problem: the rows cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("the CSV has no 'email' column in its header (expected columns: email,name,status,tags){hint}")]
    NoEmailColumn { hint: &'static str },
    #[error(
        "line {line}: a quoted field starts here and is never closed, so every later row would be read as part of it; nothing was imported"
    )]
    UnterminatedQuote { line: u64 },
    #[error("cannot read the CSV header: {0}")]
    Header(csv::Error),
    #[error("cannot read the CSV: {0}")]
    Read(std::io::Error),
    #[error("cannot write CSV: {0}")]
    Write(#[from] csv::Error),
    #[error("cannot write CSV: {0}")]
    Io(#[from] std::io::Error),
}

/// Valid rows, and (line, reason) for each row that is not.
pub type Parsed = (Vec<ImportRow>, Vec<(u64, String)>);

/// Reads a subscriber CSV. Columns are found by header name, in any order; unknown columns are
/// ignored. The separator is a comma, or a semicolon or tab when the header uses one of those
/// instead (spreadsheets in many languages save so). A row with extra empty fields is read by
/// its named columns; one with fewer fields, or values past the header's, is refused with its line.
pub fn parse(mut input: impl Read) -> Result<Parsed, CsvError> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(CsvError::Read)?;
    let delimiter = sniff_delimiter(&bytes);
    if let Some(line) = unterminated_quote(&bytes, delimiter) {
        return Err(CsvError::UnterminatedQuote { line });
    }
    let mut reader =
        csv::ReaderBuilder::new().trim(csv::Trim::All).delimiter(delimiter).flexible(true).from_reader(&bytes[..]);
    let headers = reader.headers().map_err(CsvError::Header)?.clone();
    let col =
        |name: &str| headers.iter().position(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(name));
    let email_col = col("email").ok_or(CsvError::NoEmailColumn { hint: separator_hint(&headers) })?;
    let (name_col, status_col, tags_col) = (col("name"), col("status"), col("tags"));

    let mut good = Vec::new();
    let mut bad = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                bad.push((line, plain_csv_error(&e)));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.len() < headers.len() {
            bad.push((line, format!("has {} fields where the header has {}", record.len(), headers.len())));
            continue;
        }
        // Empty fields past the header's (a spreadsheet's trailing separators) are harmless; a
        // value there means a separator inside a field shifted the columns.
        if record.iter().skip(headers.len()).any(|f| !f.is_empty()) {
            bad.push((
                line,
                format!(
                    "has {} fields where the header has {}: put a name or tags containing the separator in double quotes",
                    record.len(),
                    headers.len()
                ),
            ));
            continue;
        }
        let field = |i: Option<usize>| unneutralize(i.and_then(|i| record.get(i)).unwrap_or("").trim());
        match parse_row(field(Some(email_col)), field(name_col), field(status_col), field(tags_col)) {
            Ok((email, name, status, tags)) => good.push(ImportRow { line, email, name, status, tags }),
            Err(why) => bad.push((line, why)),
        }
    }
    Ok((good, bad))
}

/// The separator the header line uses most: a comma unless a semicolon or tab outnumbers it.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let header = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |d: u8| header.iter().filter(|&&b| b == d).count();
    [b';', b'\t'].into_iter().filter(|&d| count(d) > count(b',')).max_by_key(|&d| count(d)).unwrap_or(b',')
}

/// When the header has no 'email' column but one header cell holds several names, the file
/// probably uses a separator byline did not recognise.
fn separator_hint(headers: &csv::StringRecord) -> &'static str {
    if headers.len() == 1 && headers.iter().any(|h| h.to_ascii_lowercase().contains("email")) {
        "; the header is one column that mentions email: is the file separated by something other than commas, semicolons or tabs?"
    } else {
        ""
    }
}

/// The line where a quoted field opens and never closes, read as the csv crate reads quotes:
/// a quote opens a field only at its start, and `""` inside one is a literal quote.
fn unterminated_quote(bytes: &[u8], delimiter: u8) -> Option<u64> {
    let mut line = 1;
    let mut field_start = true;
    let mut open_since: Option<u64> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if open_since.is_some() {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open_since = None;
                }
            }
        } else if b == b'"' && field_start {
            open_since = Some(line);
            field_start = false;
        } else {
            field_start = b == delimiter || b == b'\n' || b == b'\r';
        }
        if b == b'\n' {
            line += 1;
        }
        i += 1;
    }
    open_since
}

type RowValues = (Email, Option<String>, Option<SubscriberStatus>, Vec<TagName>);

fn parse_row(email: &str, name: &str, status: &str, tags: &str) -> Result<RowValues, String> {
    let email = Email::parse(email).map_err(|e| e.to_string())?;
    if name.chars().any(char::is_control) {
        return Err("the name contains control characters".into());
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(format!("the name has {chars} characters; at most {MAX_NAME_CHARS} are kept"));
    }
    let status =
        if status.is_empty() { None } else { Some(SubscriberStatus::parse(status).map_err(|e| e.to_string())?) };
    let tag_list: Vec<&str> = tags.split(';').map(str::trim).filter(|t| !t.is_empty()).collect();
    let tags = TagName::parse_all(&tag_list).map_err(|e| e.to_string())?;
    Ok((email, (!name.is_empty()).then(|| name.to_string()), status, tags))
}

fn plain_csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("has {len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8".into(),
        _ => e.to_string(),
    }
}

/// Characters that make a spreadsheet read a cell as a formula (`=HYPERLINK(...)`, `+cmd|...`).
fn starts_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A cell a spreadsheet would run as a formula gets a leading `'`, which spreadsheets show as
/// text (OWASP's advice for CSV injection); so does one that is quotes before a formula
/// character, so that the import, which takes one `'` off such cells, gives every name back.
fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    if starts_formula(cell.trim_start_matches('\'')) { format!("'{cell}").into() } else { cell.into() }
}

fn unneutralize(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_formula(rest.trim_start_matches('\'')) => rest,
        _ => cell,
    }
}

/// Writes subscribers in the same shape `parse` reads, formula-like cells neutralized.
pub fn write(out: impl Write, subscribers: &[Subscriber]) -> Result<(), CsvError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["email", "name", "status", "tags"])?;
    for s in subscribers {
        let tags = s.tags.join(";");
        w.write_record([
            neutralize(&s.email).as_ref(),
            &neutralize(s.name.as_deref().unwrap_or("")),
            s.status.as_str(),
            &neutralize(&tags),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_good_rows_and_names_bad_lines() {
        let csv = "email,name,status,tags\n\
                   ann@example.com,Ann,active,rust;web\n\
                   foo@,Bad,,\n\
                   bob@example.org,\"Lee, Bob\",,\n\
                   carl@example.net,Carl,sleeping,\n\
                   dee@example.net,Dee\n";
        let (good, bad) = parse(csv.as_bytes()).unwrap();
        let emails: Vec<_> = good.iter().map(|r| r.email.as_str()).collect();
        assert_eq!(emails, ["ann@example.com", "bob@example.org"]);
        assert_eq!(good[0].tags.len(), 2);
        assert_eq!(good[1].name.as_deref(), Some("Lee, Bob"));
        assert_eq!(good[1].status, None);
        let lines: Vec<u64> = bad.iter().map(|b| b.0).collect();
        assert_eq!(lines, [3, 5, 6], "{bad:?}");
        assert!(bad[2].1.contains("fields"), "{bad:?}");
    }

    #[test]
    fn header_must_name_email() {
        assert!(matches!(parse("name,status\nx,y\n".as_bytes()), Err(CsvError::NoEmailColumn { .. })));
    }

    #[test]
    fn an_unterminated_quote_is_an_error_naming_its_line() {
        let csv = "email,name\nann@example.com,Ann\nbob@example.com,\"Bob\ncarl@example.com,Carl\n";
        match parse(csv.as_bytes()) {
            Err(CsvError::UnterminatedQuote { line }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
        // Doubled quotes inside a quoted field, and quotes inside an unquoted one, are fine.
        let csv = "email,name\nann@example.com,\"Ann \"\"A\"\"\"\nbob@example.com,Bo\"b\n";
        let (good, bad) = parse(csv.as_bytes()).unwrap();
        assert_eq!((good.len(), bad.len()), (2, 0), "{bad:?}");
        assert_eq!(good[0].name.as_deref(), Some("Ann \"A\""));
    }

    #[test]
    fn semicolon_and_tab_separated_files_are_read() {
        for sep in [";", "\t"] {
            let csv = format!("email{sep}name{sep}tags\nann@example.com{sep}Lee, Ann{sep}rust\n");
            let (good, bad) = parse(csv.as_bytes()).unwrap();
            assert!(bad.is_empty(), "{sep:?}: {bad:?}");
            assert_eq!(good[0].name.as_deref(), Some("Lee, Ann"), "{sep:?}");
            assert_eq!(good[0].tags.len(), 1, "{sep:?}");
        }
        let err = parse("email|name\nx|y\n".as_bytes()).unwrap_err().to_string();
        assert!(err.contains("no 'email' column") && err.contains("separated by something other"), "{err}");
    }

    #[test]
    fn extra_empty_fields_are_read_and_extra_values_named() {
        let csv = "email,name\nann@example.com,Ann,,\nbob@example.com,Lee, Bob\n";
        let (good, bad) = parse(csv.as_bytes()).unwrap();
        assert_eq!(good.len(), 1);
        assert_eq!(good[0].name.as_deref(), Some("Ann"));
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].0, 3);
        assert!(bad[0].1.contains("double quotes"), "{bad:?}");
    }

    #[test]
    fn a_name_past_the_limit_is_refused_by_line() {
        let long = "n".repeat(MAX_NAME_CHARS + 1);
        let csv = format!("email,name\nann@example.com,{long}\nbob@example.com,{}\n", "é".repeat(MAX_NAME_CHARS));
        let (good, bad) = parse(csv.as_bytes()).unwrap();
        assert_eq!(good.len(), 1, "{MAX_NAME_CHARS} characters (not bytes) are fine");
        assert_eq!(bad, [(2, format!("the name has 201 characters; at most {MAX_NAME_CHARS} are kept"))]);
    }

    #[test]
    fn formula_cells_are_neutralized_on_export_and_restored_on_import() {
        let attacks = ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "=1+1", "'=already"];
        let subs: Vec<Subscriber> = attacks
            .iter()
            .enumerate()
            .map(|(i, a)| Subscriber {
                id: crate::domain::SubscriberId(i as i64),
                email: format!("{}user{i}@example.com", if i % 2 == 0 { "=" } else { "+" }),
                name: Some(a.to_string()),
                status: SubscriberStatus::Active,
                tags: Vec::new(),
                created_at: 0,
                confirmed_at: None,
                unsubscribed_at: None,
                token: String::new(),
            })
            .collect();
        let mut out = Vec::new();
        write(&mut out, &subs).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(!starts_formula(cell), "a spreadsheet would run {cell:?}");
            }
        }
        let (good, bad) = parse(&out[..]).unwrap();
        assert!(bad.is_empty(), "{bad:?}");
        for (row, sub) in good.iter().zip(&subs) {
            assert_eq!(row.email.as_str(), sub.email);
            assert_eq!(row.name, sub.name);
        }
    }
}
