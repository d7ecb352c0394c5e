//! Full-text search shared by both databases: the server normalises every text it indexes and
//! every query the same way (Unicode lower case, punctuation as spaces, each CJK character a word
//! of its own), so SQLite's FTS5 and PostgreSQL's `tsvector` see the same words and answer the
//! same. Query words match as prefixes ("nov" finds "Novak"); a run of CJK characters matches as
//! a phrase ("啟動" finds "無法啟動").

use super::DbKind;

/// A CJK ideograph or kana: scripts written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF)
}

/// The words of a text as they are indexed: lower case, separated by single spaces.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        if is_cjk(c) {
            if !space {
                out.push(' ');
            }
            out.push(c);
            out.push(' ');
            space = true;
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    /// A word that matches any indexed word it begins.
    Prefix(String),
    /// CJK characters that must stand next to each other.
    Phrase(Vec<char>),
}

fn terms(query: &str) -> Vec<Term> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut run = Vec::new();
    let flush = |word: &mut String, run: &mut Vec<char>, out: &mut Vec<Term>| {
        if !word.is_empty() {
            out.push(Term::Prefix(std::mem::take(word)));
        }
        if !run.is_empty() {
            out.push(Term::Phrase(std::mem::take(run)));
        }
    };
    for c in query.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(Term::Prefix(std::mem::take(&mut word)));
            }
            run.push(c);
        } else if c.is_alphanumeric() {
            if !run.is_empty() {
                out.push(Term::Phrase(std::mem::take(&mut run)));
            }
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut run, &mut out);
        }
    }
    flush(&mut word, &mut run, &mut out);
    // Ten words are plenty; more only cost time.
    out.truncate(10);
    out
}

/// The query in the database's syntax: an FTS5 `MATCH` expression on `column` (SQLite) or a
/// `to_tsquery('simple', …)` argument (PostgreSQL). `None` when the query has no word at all.
/// Words hold only letters and digits, so nothing a person types becomes query syntax.
pub fn query(kind: DbKind, column: &str, text: &str) -> Option<String> {
    let terms = terms(text);
    if terms.is_empty() {
        return None;
    }
    let parts: Vec<String> = terms
        .iter()
        .map(|t| match (kind, t) {
            (DbKind::Sqlite, Term::Prefix(w)) => format!("{column}:\"{w}\"*"),
            (DbKind::Sqlite, Term::Phrase(cs)) => {
                format!("{column}:\"{}\"", cs.iter().map(char::to_string).collect::<Vec<_>>().join(" "))
            }
            (DbKind::Postgres, Term::Prefix(w)) => format!("{w}:*"),
            (DbKind::Postgres, Term::Phrase(cs)) => {
                format!("({})", cs.iter().map(char::to_string).collect::<Vec<_>>().join(" <-> "))
            }
        })
        .collect();
    Some(parts.join(match kind {
        DbKind::Sqlite => " AND ",
        DbKind::Postgres => " & ",
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_become_lower_case_words() {
        assert_eq!(normalize("Škof, ANA.novak@Example.com!"), "škof ana novak example com");
        assert_eq!(normalize("無法啟動 AutoCAD 2026"), "無 法 啟 動 autocad 2026");
        assert_eq!(normalize("  --  "), "");
    }

    #[test]
    fn queries_are_prefixes_and_phrases() {
        assert_eq!(query(DbKind::Sqlite, "doc", "Nov ŠK").as_deref(), Some("doc:\"nov\"* AND doc:\"šk\"*"));
        assert_eq!(query(DbKind::Postgres, "doc", "Nov ŠK").as_deref(), Some("nov:* & šk:*"));
        assert_eq!(query(DbKind::Sqlite, "doc", "啟動a").as_deref(), Some("doc:\"啟 動\" AND doc:\"a\"*"));
        assert_eq!(query(DbKind::Postgres, "doc", "啟動").as_deref(), Some("(啟 <-> 動)"));
        // Quotes, stars and operators are not words.
        assert_eq!(query(DbKind::Sqlite, "doc", "\"x\" OR * NEAR(").as_deref(), Some("doc:\"x\"* AND doc:\"or\"* AND doc:\"near\"*"));
        assert_eq!(query(DbKind::Postgres, "doc", "a:*|!b").as_deref(), Some("a:* & b:*"));
        assert_eq!(query(DbKind::Sqlite, "doc", " .,;"), None);
    }
}
