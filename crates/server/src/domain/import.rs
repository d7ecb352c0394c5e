//! CSV import of members: parse the file, check every row against the account, and plan the
//! invitations. Pure: the dry run and the import run the same plan.

use std::collections::{HashMap, HashSet};

use seatwise_api::{
    ImportFileProblem, ImportProblem, ImportRow, MemberRole, IMPORT_COLUMNS, IMPORT_MAX_BYTES,
    IMPORT_MAX_ROWS,
};

use crate::domain::{invitations::NewInvitation, Email, Locale, PersonName, ProfileText};

/// What the account looks like when the file is checked.
#[derive(Debug, Default, Clone)]
pub struct ImportContext {
    /// Lower-cased team name to team id.
    pub teams: HashMap<String, String>,
    /// Upper-cased product code to its active subscriptions with their free seats.
    pub products: HashMap<String, Vec<(String, i64)>>,
    /// Addresses of members.
    pub members: HashSet<String>,
    /// Addresses with a pending invitation.
    pub invited: HashSet<String>,
    /// Language of the invitation mails.
    pub locale: Option<Locale>,
}

/// The checked file: every row with its problems, and the invitations of the valid ones.
#[derive(Debug)]
pub struct ImportPlan {
    pub rows: Vec<ImportRow>,
    pub invitations: Vec<NewInvitation>,
}

fn text(cell: &str) -> Result<String, ImportProblem> {
    ProfileText::parse(cell).map(ProfileText::into_inner).map_err(|_| ImportProblem::InvalidText)
}

/// Checks a file. File-level problems stop everything; row problems only skip their row.
pub fn plan(bytes: &[u8], ctx: &ImportContext) -> Result<ImportPlan, ImportFileProblem> {
    if bytes.len() > IMPORT_MAX_BYTES {
        return Err(ImportFileProblem::TooLarge);
    }
    let text_in = std::str::from_utf8(bytes).map_err(|_| ImportFileProblem::InvalidEncoding)?;
    let text_in = text_in.strip_prefix('\u{feff}').unwrap_or(text_in);
    // Quotes come in pairs in CSV (a literal quote is doubled): an odd count means one was
    // left open, which the lenient parser would otherwise read to the end of the file.
    if text_in.bytes().filter(|b| *b == b'"').count() % 2 == 1 {
        return Err(ImportFileProblem::Malformed);
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text_in.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(_)) => return Err(ImportFileProblem::Malformed),
        None => return Err(ImportFileProblem::MissingHeader),
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    if names.len() < 3 || names.len() > IMPORT_COLUMNS.len() || names.iter().zip(IMPORT_COLUMNS).any(|(a, b)| a != b) {
        return Err(ImportFileProblem::MissingHeader);
    }
    let width = names.len();

    let mut seats: HashMap<String, i64> =
        ctx.products.values().flatten().map(|(id, free)| (id.clone(), *free)).collect();
    let mut seen = HashSet::new();
    let mut rows = vec![];
    let mut invitations = vec![];
    for record in records {
        let record = record.map_err(|_| ImportFileProblem::Malformed)?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() == IMPORT_MAX_ROWS {
            return Err(ImportFileProblem::TooManyRows);
        }
        // Line of the record in the file (the header is line 1), from its byte offset: quoted
        // cells may span lines, and CRLF files confuse line counting.
        let mut offset = record.position().map(|p| p.byte() as usize).unwrap_or(0).min(text_in.len());
        while text_in.as_bytes().get(offset).is_some_and(|b| *b == b'\n' || *b == b'\r') {
            offset += 1;
        }
        let line = 1 + text_in.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count() as u32;
        // Cells beyond the header's columns are not read (the row is refused for them).
        let cell = |i: usize| if i < width { record.get(i).unwrap_or("").trim().to_string() } else { String::new() };
        let mut problems = vec![];
        if record.len() != width {
            problems.push(ImportProblem::WrongColumnCount);
        }
        let email = Email::parse(&cell(0)).map_err(|_| problems.push(ImportProblem::InvalidEmail)).ok();
        let first = match PersonName::parse(&cell(1)) {
            Ok(n) => Some(n),
            Err(seatwise_api::FieldErrorCode::Required) => {
                problems.push(ImportProblem::MissingFirstName);
                None
            }
            Err(_) => {
                problems.push(ImportProblem::InvalidText);
                None
            }
        };
        let last = match PersonName::parse(&cell(2)) {
            Ok(n) => Some(n),
            Err(seatwise_api::FieldErrorCode::Required) => {
                problems.push(ImportProblem::MissingLastName);
                None
            }
            Err(_) => {
                problems.push(ImportProblem::InvalidText);
                None
            }
        };
        let team_name = text(&cell(3)).unwrap_or_else(|p| {
            problems.push(p);
            String::new()
        });
        let team_id = if team_name.is_empty() {
            None
        } else {
            let id = ctx.teams.get(&team_name.to_lowercase()).cloned();
            if id.is_none() {
                problems.push(ImportProblem::UnknownTeam);
            }
            id
        };
        let codes: Vec<String> =
            cell(4).split(';').map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty()).collect();
        let mut wanted = vec![];
        for code in &codes {
            match ctx.products.get(code) {
                None => problems.push(ImportProblem::UnknownProduct),
                Some(subs) => wanted.push(subs.clone()),
            }
        }
        let role = match cell(5).to_ascii_lowercase().as_str() {
            "" | "user" => MemberRole::User,
            "secondary_admin" => MemberRole::SecondaryAdmin,
            _ => {
                problems.push(ImportProblem::InvalidRole);
                MemberRole::User
            }
        };
        if let Some(e) = &email {
            if !seen.insert(e.as_str().to_string()) {
                problems.push(ImportProblem::DuplicateInFile);
            } else if ctx.members.contains(e.as_str()) {
                problems.push(ImportProblem::AlreadyMember);
            } else if ctx.invited.contains(e.as_str()) {
                problems.push(ImportProblem::AlreadyInvited);
            }
        }
        // Seats: only rows that are otherwise fine take them, in file order.
        let mut subscription_ids = vec![];
        if problems.is_empty() {
            let mut taken = vec![];
            for subs in &wanted {
                match subs.iter().find(|(id, _)| seats.get(id).copied().unwrap_or(0) > 0) {
                    Some((id, _)) => taken.push(id.clone()),
                    None => problems.push(ImportProblem::NotEnoughSeats),
                }
            }
            if problems.is_empty() {
                for id in &taken {
                    *seats.entry(id.clone()).or_default() -= 1;
                }
                subscription_ids = taken;
            }
        }
        problems.dedup();
        let row = ImportRow {
            line,
            email: cell(0),
            first_name: cell(1),
            last_name: cell(2),
            team: team_name,
            products: codes,
            problems: problems.clone(),
        };
        if let (true, Some(email), Some(first_name), Some(last_name)) = (problems.is_empty(), email, first, last) {
            invitations.push(NewInvitation {
                email,
                first_name,
                last_name,
                role,
                team_id,
                subscription_ids,
                locale: ctx.locale.unwrap_or(Locale::DEFAULT),
            });
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(ImportFileProblem::NoRows);
    }
    Ok(ImportPlan { rows, invitations })
}

/// A cell that a spreadsheet could take for a formula (`= + - @`, tab, carriage return)
/// gets a leading apostrophe, so exports are safe to open.
pub fn safe_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// The template people download to fill in.
pub fn template() -> String {
    format!(
        "{}\r\nana.novak@example.com,Ana,Novak,Structural,DRAFTLINE;STRUCTA,user\r\n",
        IMPORT_COLUMNS.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> ImportContext {
        ImportContext {
            teams: HashMap::from([("structural".into(), "t1".into())]),
            products: HashMap::from([("DRAFTLINE".into(), vec![("s1".into(), 2)])]),
            members: HashSet::from(["old@example.com".into()]),
            invited: HashSet::from(["pending@example.com".into()]),
            locale: None,
        }
    }

    const HEADER: &str = "email,first_name,last_name,team,products,role\n";

    fn problems(file: &str) -> Vec<Vec<ImportProblem>> {
        plan(file.as_bytes(), &ctx()).unwrap().rows.into_iter().map(|r| r.problems).collect()
    }

    #[test]
    fn good_rows_become_invitations() {
        let p = plan(format!("\u{feff}{HEADER}a@example.com,Ana,Novak,Structural,draftline,\n\"b@example.com\",\"Bo, Jr\",Kos,,,secondary_admin\n").as_bytes(), &ctx()).unwrap();
        assert_eq!(p.invitations.len(), 2);
        assert_eq!(p.invitations[0].subscription_ids, vec!["s1".to_string()]);
        assert_eq!(p.invitations[0].team_id.as_deref(), Some("t1"));
        assert_eq!(p.invitations[1].first_name.clone().into_inner(), "Bo, Jr");
        assert_eq!(p.invitations[1].role, MemberRole::SecondaryAdmin);
        assert_eq!(p.rows[1].line, 3);
    }

    #[test]
    fn every_row_problem_is_reported() {
        let file = format!(
            "{HEADER}bad-email,A,B,,,\n,A,B,,,\nc@example.com,,B,,,\nd@example.com,A,B,Nowhere,,\ne@example.com,A,B,,NOPE,\n\
             f@example.com,A,B,,,king\ng@example.com,A,B,,,,extra\nold@example.com,A,B,,,\npending@example.com,A,B,,,\n\
             h@example.com,A,B,,,\nH@example.com,A,B,,,\ni@example.com,=cmd,B,,,\n"
        );
        let p = problems(&file);
        assert_eq!(p[0], vec![ImportProblem::InvalidEmail]);
        assert_eq!(p[1], vec![ImportProblem::InvalidEmail]);
        assert_eq!(p[2], vec![ImportProblem::MissingFirstName]);
        assert_eq!(p[3], vec![ImportProblem::UnknownTeam]);
        assert_eq!(p[4], vec![ImportProblem::UnknownProduct]);
        assert_eq!(p[5], vec![ImportProblem::InvalidRole]);
        assert_eq!(p[6], vec![ImportProblem::WrongColumnCount]);
        assert_eq!(p[7], vec![ImportProblem::AlreadyMember]);
        assert_eq!(p[8], vec![ImportProblem::AlreadyInvited]);
        assert!(p[9].is_empty());
        assert_eq!(p[10], vec![ImportProblem::DuplicateInFile]);
        assert!(p[11].is_empty(), "names may start with =; exports neutralise them");
    }

    #[test]
    fn seats_are_served_in_file_order() {
        let file = format!("{HEADER}a@example.com,A,B,,DRAFTLINE,\nb@example.com,A,B,,DRAFTLINE,\nc@example.com,A,B,,DRAFTLINE,\nd@example.com,A,B,,,\n");
        let p = problems(&file);
        assert!(p[0].is_empty() && p[1].is_empty() && p[3].is_empty());
        assert_eq!(p[2], vec![ImportProblem::NotEnoughSeats]);
    }

    #[test]
    fn file_problems_stop_the_import() {
        let c = ctx();
        assert_eq!(plan(b"\xff\xfeemail", &c).unwrap_err(), ImportFileProblem::InvalidEncoding);
        assert_eq!(plan(b"", &c).unwrap_err(), ImportFileProblem::MissingHeader);
        assert_eq!(plan(b"name,mail\nx,y\n", &c).unwrap_err(), ImportFileProblem::MissingHeader);
        assert_eq!(plan(HEADER.as_bytes(), &c).unwrap_err(), ImportFileProblem::NoRows);
        assert_eq!(plan(format!("{HEADER}\n\n").as_bytes(), &c).unwrap_err(), ImportFileProblem::NoRows);
        assert_eq!(plan(format!("{HEADER}\"a@example.com,A,B\n").as_bytes(), &c).unwrap_err(), ImportFileProblem::Malformed);
        let many: String = (0..=IMPORT_MAX_ROWS).map(|i| format!("p{i}@example.com,A,B,,,\n")).collect();
        assert_eq!(plan(format!("{HEADER}{many}").as_bytes(), &c).unwrap_err(), ImportFileProblem::TooManyRows);
        assert_eq!(plan(&vec![b'a'; IMPORT_MAX_BYTES + 1], &c).unwrap_err(), ImportFileProblem::TooLarge);
        // The three required columns alone are a valid header.
        assert!(plan(b"email,first_name,last_name\na@example.com,A,B\n", &c).is_ok());
    }

    #[test]
    fn formulas_cannot_be_injected_into_exports() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"] {
            assert!(safe_cell(s).starts_with('\''), "{s}");
        }
        assert_eq!(safe_cell("Ana"), "Ana");
    }
}
