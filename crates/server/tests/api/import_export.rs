use base64::{engine::general_purpose::STANDARD, Engine};
use seatwise_api::{ImportFileProblem, ImportPreview, ImportProblem, ImportResult, InvitationList};
use serde_json::json;

use crate::{company::*, helpers::*, on_both_databases};

on_both_databases!(import_has_a_dry_run_then_imports_the_valid_rows, malformed_files_change_nothing, exports_are_csv_and_xlsx_without_formulas);

fn file(text: &str) -> serde_json::Value {
    json!({"file_base64": STANDARD.encode(text.as_bytes())})
}

async fn import_has_a_dry_run_then_imports_the_valid_rows(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Importers", 2).await;
    app.post_as(&co.manager, &format!("/accounts/{}/teams", co.account_id), &json!({"name": "Design"})).await;
    let products: serde_json::Value = app.get_as(&v, "/vendor/products").await.json().await.unwrap();
    let code = products["products"][0]["code"].as_str().unwrap().to_string();
    let csv = format!(
        "email,first_name,last_name,team,products,role\r\n\
         a@example.com,Ana,Novak,design,{code},\r\n\
         b@example.com,Bor,Kos,,{code},secondary_admin\r\n\
         c@example.com,Cene,Zupan,,{code},\r\n\
         not-an-email,Dan,Horvat,,,\r\n\
         e@example.com,Eva,Golob,Nowhere,,\r\n"
    );
    let base = format!("/accounts/{}/imports", co.account_id);
    let preview: ImportPreview = app.post_as(&co.manager, &format!("{base}/preview"), &file(&csv)).await.json().await.unwrap();
    assert_eq!((preview.valid, preview.invalid), (2, 3));
    assert_eq!(preview.rows[2].problems, vec![ImportProblem::NotEnoughSeats]);
    assert_eq!(preview.rows[3].problems, vec![ImportProblem::InvalidEmail]);
    assert_eq!(preview.rows[4].problems, vec![ImportProblem::UnknownTeam]);
    assert_eq!(preview.rows[4].line, 6);
    // The dry run changed nothing.
    let list: InvitationList = app.get_as(&co.manager, &format!("/accounts/{}/invitations", co.account_id)).await.json().await.unwrap();
    assert_eq!(list.invitations.len(), 1);
    let result: ImportResult = app.post_as(&co.manager, &base, &file(&csv)).await.json().await.unwrap();
    assert_eq!(result.invited, 2);
    assert_eq!(result.skipped.len(), 3);
    let list: InvitationList = app.get_as(&co.manager, &format!("/accounts/{}/invitations", co.account_id)).await.json().await.unwrap();
    assert_eq!(list.invitations.len(), 3);
    // Importing again: those two are now already invited.
    let again: ImportPreview = app.post_as(&co.manager, &format!("{base}/preview"), &file(&csv)).await.json().await.unwrap();
    assert_eq!(again.rows[0].problems, vec![ImportProblem::AlreadyInvited]);
    // Accepting gives the seats the import planned.
    let (_, _) = accept_as_new(&app, "a@example.com").await;
    assert_eq!(app.db.seats(app.db.pool(), &co.subscription_id).await.unwrap().1, 1);
    // The template downloads.
    let r = app.get_as(&co.manager, &format!("{base}/template.csv")).await;
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(r.text().await.unwrap().starts_with("email,first_name,last_name,team,products,role"));
}

async fn malformed_files_change_nothing(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Careful", 2).await;
    let base = format!("/accounts/{}/imports", co.account_id);
    let cases: Vec<(serde_json::Value, ImportFileProblem)> = vec![
        (json!({"file_base64": STANDARD.encode(b"email,first_name,last_name\n\xe9t\xe9@example.com,A,B\n")}), ImportFileProblem::InvalidEncoding),
        (file("mail,name\nx,y\n"), ImportFileProblem::MissingHeader),
        (file(""), ImportFileProblem::MissingHeader),
        (file("email,first_name,last_name\n"), ImportFileProblem::NoRows),
        (file("email,first_name,last_name\n\"a@example.com,A,B\n"), ImportFileProblem::Malformed),
        (json!({"file_base64": "***not base64***"}), ImportFileProblem::Malformed),
        (file(&format!("email,first_name,last_name\n{}", (0..10_001).map(|i| format!("p{i}@example.com,A,B\n")).collect::<String>())), ImportFileProblem::TooManyRows),
    ];
    for (body, problem) in cases {
        let p: ImportPreview = app.post_as(&co.manager, &format!("{base}/preview"), &body).await.json().await.unwrap();
        assert_eq!(p.file_problem, Some(problem));
        let r: ImportResult = app.post_as(&co.manager, &base, &body).await.json().await.unwrap();
        assert_eq!((r.file_problem, r.invited), (Some(problem), 0));
    }
    // Extra columns and quotes are row problems, not crashes.
    let p: ImportPreview = app.post_as(&co.manager, &format!("{base}/preview"),
        &file("email,first_name,last_name\n\"q@example.com\",\"Quinn \"\"Q\"\"\",Lee\nx@example.com,A,B,extra\n")).await.json().await.unwrap();
    assert_eq!(p.rows[0].first_name, "Quinn \"Q\"");
    assert!(p.rows[0].problems.is_empty());
    assert_eq!(p.rows[1].problems, vec![ImportProblem::WrongColumnCount]);
    // Over the size limit: refused before it is read.
    let huge = json!({"file_base64": STANDARD.encode(vec![b'a'; 3 * 1024 * 1024])});
    // (Its own browser: the server closes a connection whose body it refused to read.)
    let uploader = app.new_browser();
    app.sign_in_as(&uploader, "manager.careful@example.com", PASSWORD).await;
    // The server answers 413 without reading the body, so the upload may also break off.
    match uploader.post(app.url(&base)).json(&huge).send().await {
        Ok(r) => assert_eq!(r.status(), 413),
        Err(e) => assert!(e.is_request() || e.is_body(), "{e}"),
    }
    let list: InvitationList = app.get_as(&co.manager, &format!("/accounts/{}/invitations", co.account_id)).await.json().await.unwrap();
    assert_eq!(list.invitations.len(), 1, "nothing was invited by any of it");
    // Users cannot import.
    add_members(&app, &co, "imp", 1).await;
    let c = app.new_browser();
    app.sign_in_as(&c, "imp0@example.com", PASSWORD).await;
    assert_eq!(app.post_as(&c, &format!("{base}/preview"), &file("email,first_name,last_name\na@example.com,A,B\n")).await.status(), 403);
}

async fn exports_are_csv_and_xlsx_without_formulas(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Export", 3).await;
    // A member whose name would be a formula in a spreadsheet.
    app.post_as(&co.manager, &format!("/accounts/{}/invitations", co.account_id),
        &json!({"invitations": [{"email": "f@example.com", "first_name": "x", "last_name": "y"}]})).await;
    let token = app.token_from_mail("f@example.com", "/invitation?token=").await;
    let r = app.post_as(&app.new_browser(), "/invitations/accept", &json!({"token": token, "first_name": "=HYPERLINK(\"http://evil\")",
        "last_name": "@SUM(A1)", "country": "SI", "password": PASSWORD, "privacy_consent": true})).await;
    assert_eq!(r.status(), 200);
    let r = app.get_as(&co.manager, &format!("/accounts/{}/members/export.csv", co.account_id)).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("seatwise-members.csv"));
    let body = r.bytes().await.unwrap();
    assert!(body.starts_with(b"\xef\xbb\xbf"), "BOM for spreadsheets");
    let text = String::from_utf8(body[3..].to_vec()).unwrap();
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    let evil = rows.iter().find(|r| &r[0] == "f@example.com").unwrap();
    assert!(evil[1].starts_with("'="), "{:?}", evil);
    assert!(evil[2].starts_with("'@"));
    // Filters apply to the export.
    let r = app.get_as(&co.manager, &format!("/accounts/{}/members/export.csv?role=primary_admin", co.account_id)).await;
    assert_eq!(r.text().await.unwrap().lines().count(), 2);
    // XLSX: a real workbook (a zip with the sheet), the names stored as text.
    let r = app.get_as(&co.manager, &format!("/accounts/{}/members/export.xlsx", co.account_id)).await;
    assert_eq!(r.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let dir = std::env::temp_dir().join(format!("seatwise-xlsx-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("m.xlsx"), &bytes).unwrap();
    let out = std::process::Command::new("python3").args(["-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(z.read('xl/sharedStrings.xml').decode()); print('FORMULA' if any(b'<f>' in z.read(n) for n in z.namelist() if n.startswith('xl/worksheets/')) else 'NOFORMULA')"])
        .arg(dir.join("m.xlsx")).output().unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains("f@example.com") && listing.contains("'=HYPERLINK"), "{listing}");
    assert!(listing.contains("NOFORMULA"));
}
