//! Subscriber CSV: `email,name,status,tags` (tags separated by `;`), read row by row with line numbers.

use std::io::{Read, Write};

use crate::domain::{Email, Subscriber, SubscriberStatus, TagName};
use crate::store::ImportRow;

/// A file-level problem: the rows cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("the CSV has no 'email' column in its header (expected columns: email,name,status,tags)")]
    NoEmailColumn,
    #[error("cannot read the CSV header: {0}")]
    Header(csv::Error),
    #[error("cannot write CSV: {0}")]
    Write(#[from] csv::Error),
    #[error("cannot write CSV: {0}")]
    Io(#[from] std::io::Error),
}

/// Valid rows, and (line, reason) for each row that is not.
pub type Parsed = (Vec<ImportRow>, Vec<(u64, String)>);

/// Reads a subscriber CSV. Columns are found by header name, in any order; unknown columns are ignored.
pub fn parse(input: impl Read) -> Result<Parsed, CsvError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(input);
    let headers = reader.headers().map_err(CsvError::Header)?.clone();
    let col =
        |name: &str| headers.iter().position(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(name));
    let email_col = col("email").ok_or(CsvError::NoEmailColumn)?;
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
        let field = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim();
        match parse_row(field(Some(email_col)), field(name_col), field(status_col), field(tags_col)) {
            Ok((email, name, status, tags)) => good.push(ImportRow { line, email, name, status, tags }),
            Err(why) => bad.push((line, why)),
        }
    }
    Ok((good, bad))
}

type RowValues = (Email, Option<String>, Option<SubscriberStatus>, Vec<TagName>);

fn parse_row(email: &str, name: &str, status: &str, tags: &str) -> Result<RowValues, String> {
    let email = Email::parse(email).map_err(|e| e.to_string())?;
    if name.chars().any(char::is_control) {
        return Err("the name contains control characters".into());
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

/// Writes subscribers in the same shape `parse` reads.
pub fn write(out: impl Write, subscribers: &[Subscriber]) -> Result<(), CsvError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["email", "name", "status", "tags"])?;
    for s in subscribers {
        w.write_record([&s.email, s.name.as_deref().unwrap_or(""), s.status.as_str(), &s.tags.join(";")])?;
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
        assert!(matches!(parse("name,status\nx,y\n".as_bytes()), Err(CsvError::NoEmailColumn)));
    }
}
