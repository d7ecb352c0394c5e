use std::collections::HashSet;

use seatwise_api::{
    ActivityPage, ErrorCode, InvitationList, InvitationStatus, Member, MemberPage, MemberRole, MyAccounts, Seats,
    SubscriptionList, Team, TeamList,
};
use serde_json::json;

use crate::{company::*, helpers::*, on_both_databases};

on_both_databases!(
    vendor_provisions_an_account_and_its_manager_joins,
    assigning_changes_the_counter_and_the_log,
    parallel_assigns_never_exceed_the_seats,
    bulk_assign_is_all_or_nothing,
    removing_a_member_frees_their_seats,
    primary_admin_is_transferred_not_removed,
    member_list_pages_filters_and_searches,
    member_search_matches_word_prefixes_in_any_script,
    member_search_with_many_matches_walks_the_list,
    teams_are_managed,
    invitations_expire_and_can_be_revoked_or_resent,
    existing_accounts_join_when_signed_in,
    activity_log_is_append_only,
);

async fn vendor_provisions_an_account_and_its_manager_joins(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Gradnja", 5).await;
    let mine: MyAccounts = app.get_as(&co.manager, "/accounts").await.json().await.unwrap();
    assert_eq!(mine.accounts.len(), 1);
    assert_eq!(mine.accounts[0].role, MemberRole::PrimaryAdmin);
    assert!(!mine.vendor_staff);
    let subs: SubscriptionList = app.get_as(&co.manager, &format!("/accounts/{}/subscriptions", co.account_id)).await.json().await.unwrap();
    assert_eq!((subs.subscriptions[0].seats, subs.subscriptions[0].seats_used), (5, 0));
    // The invitation mail went out in the manager's language.
    let m = app.wait_for_mail("manager.gradnja@example.com", "/invitation?token=").await;
    assert_eq!(m.locale, "sl");
    assert!(m.subject.contains("Gradnja"));
    // Only vendor staff reach the back office.
    assert_error(app.get_as(&co.manager, "/vendor/accounts").await, 403, ErrorCode::Forbidden).await;
    let log: ActivityPage = app.get_as(&co.manager, &format!("/accounts/{}/activity", co.account_id)).await.json().await.unwrap();
    let actions: Vec<&str> = log.entries.iter().map(|e| e.action.as_str()).collect();
    for a in ["account.created", "invitation.accepted", "contract.created", "subscription.created"] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}

async fn assigning_changes_the_counter_and_the_log(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Acme", 2).await;
    let users = add_members(&app, &co, "u", 2).await;
    let path = |u: &str| format!("/accounts/{}/members/{u}/assignments/{}", co.account_id, co.subscription_id);
    let put = |u: String, on: bool| {
        let c = co.manager.clone();
        let url = app.url(&path(&u));
        async move { c.put(url).json(&json!({"assigned": on})).send().await.unwrap() }
    };
    let r = put(users[0].clone(), true).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Seats>().await.unwrap(), Seats { seats: 2, seats_used: 1 });
    // Idempotent.
    assert_eq!(put(users[0].clone(), true).await.json::<Seats>().await.unwrap().seats_used, 1);
    assert_eq!(put(co.manager_id.clone(), true).await.json::<Seats>().await.unwrap().seats_used, 2);
    let r = put(users[1].clone(), true).await;
    assert_error(r, 409, ErrorCode::NoSeatLeft).await;
    let m: Member = app.get_as(&co.manager, &format!("/accounts/{}/members/{}", co.account_id, users[0])).await.json().await.unwrap();
    assert_eq!(m.subscription_ids, vec![co.subscription_id.clone()]);
    assert_eq!(put(users[0].clone(), false).await.json::<Seats>().await.unwrap().seats_used, 1);
    assert_eq!(put(users[1].clone(), true).await.json::<Seats>().await.unwrap().seats_used, 2);
    // The member is told, in their language.
    let m = app.wait_for_mail("u0@example.com", "AutoCAD").await;
    assert!(m.subject == "You can now use AutoCAD" || m.subject == "Your access to AutoCAD has ended", "{}", m.subject);
    // Both mails (given, then taken) arrive; the worker delivers them asynchronously.
    let mut seat_mails = 0;
    for _ in 0..200 {
        seat_mails = app.mailbox().await.iter().filter(|m| m.to == "u0@example.com" && m.subject.contains("AutoCAD")).count();
        if seat_mails >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(seat_mails, 2);
    // Unknown member or subscription: 404; bad body: 400.
    assert_error(put("nobody".into(), true).await, 404, ErrorCode::NotFound).await;
    let r = co.manager.put(app.url(&format!("/accounts/{}/members/{}/assignments/nope", co.account_id, users[0]))).json(&json!({"assigned": true})).send().await.unwrap();
    assert_error(r, 404, ErrorCode::NotFound).await;
    let r = co.manager.put(app.url(&path(&users[0]))).json(&json!({"assigned": "yes"})).send().await.unwrap();
    assert_error(r, 400, ErrorCode::InvalidJson).await;
    let log: ActivityPage = app.get_as(&co.manager, &format!("/accounts/{}/activity", co.account_id)).await.json().await.unwrap();
    let added = log.entries.iter().filter(|e| e.action == "assignment.added").count();
    let removed = log.entries.iter().filter(|e| e.action == "assignment.removed").count();
    assert_eq!((added, removed), (3, 1), "no entry for no-op or refused changes");
    assert!(log.entries.iter().all(|e| !e.actor_email.is_empty() && !e.at.is_empty()));
}

async fn parallel_assigns_never_exceed_the_seats(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Busy", 10).await;
    let users = add_members(&app, &co, "p", 50).await;
    // A second admin in another browser.
    let second = users[0].clone();
    let r = co.manager.patch(app.url(&format!("/accounts/{}/members/{second}", co.account_id))).json(&json!({"role": "secondary_admin"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let admin2 = app.new_browser();
    assert_eq!(app.sign_in_as(&admin2, "p0@example.com", PASSWORD).await.status(), 200);
    let rounds: usize = std::env::var("SEATWISE_CONCURRENCY_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    for round in 0..rounds {
        let calls = users.iter().enumerate().map(|(i, u)| {
            let c = if i % 2 == 0 { co.manager.clone() } else { admin2.clone() };
            let url = app.url(&format!("/accounts/{}/members/{u}/assignments/{}", co.account_id, co.subscription_id));
            let u = u.clone();
            async move {
                let r = c.put(url).json(&json!({"assigned": true})).send().await.unwrap();
                let status = r.status().as_u16();
                let body = r.text().await.unwrap();
                (u, status, body)
            }
        });
        let results = futures::future::join_all(calls).await;
        let ok: Vec<&String> = results.iter().filter(|r| r.1 == 200).map(|r| &r.0).collect();
        let refused = results.iter().filter(|r| r.1 == 409 && r.2.contains("\"no_seat_left\"")).count();
        assert_eq!(ok.len(), 10, "round {round}: {:?}", results.iter().map(|r| r.1).collect::<Vec<_>>());
        assert_eq!(refused, 40, "round {round}: every other answer is a 409 with a code");
        assert_eq!(app.db.count_assignments(&co.subscription_id).await.unwrap(), 10);
        let (_, used) = app.db.seats(app.db.pool(), &co.subscription_id).await.unwrap();
        assert_eq!(used, 10);
        for u in ok {
            let r = co.manager.put(app.url(&format!("/accounts/{}/members/{u}/assignments/{}", co.account_id, co.subscription_id)))
                .json(&json!({"assigned": false})).send().await.unwrap();
            assert_eq!(r.status(), 200);
        }
    }
}

async fn bulk_assign_is_all_or_nothing(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Bulk", 3).await;
    let users = add_members(&app, &co, "b", 4).await;
    let path = format!("/accounts/{}/subscriptions/{}/assignments", co.account_id, co.subscription_id);
    assert_error(app.post_as(&co.manager, &path, &json!({"user_ids": users})).await, 409, ErrorCode::NoSeatLeft).await;
    assert_eq!(app.db.count_assignments(&co.subscription_id).await.unwrap(), 0, "nothing half-done");
    // A member of another account cannot be given a seat here, not even among valid ones.
    let other = provision(&app, &v, "Other", 1).await;
    let r = app.post_as(&co.manager, &path, &json!({"user_ids": [users[0], other.manager_id]})).await;
    assert_error(r, 404, ErrorCode::NotFound).await;
    assert_eq!(app.db.count_assignments(&co.subscription_id).await.unwrap(), 0);
    let r = app.post_as(&co.manager, &path, &json!({"user_ids": &users[..3]})).await;
    assert_eq!(r.json::<Seats>().await.unwrap().seats_used, 3);
}

async fn removing_a_member_frees_their_seats(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Shrink", 1).await;
    let users = add_members(&app, &co, "r", 1).await;
    let put = app.url(&format!("/accounts/{}/members/{}/assignments/{}", co.account_id, users[0], co.subscription_id));
    assert_eq!(co.manager.put(&put).json(&json!({"assigned": true})).send().await.unwrap().status(), 200);
    let r = app.post_as(&co.manager, &format!("/accounts/{}/members/{}/remove", co.account_id, users[0]), &json!({})).await;
    assert_eq!(r.status(), 204);
    assert_eq!(app.db.seats(app.db.pool(), &co.subscription_id).await.unwrap().1, 0);
    app.wait_for_mail("r0@example.com", "removed you from Shrink").await;
    assert_error(app.get_as(&co.manager, &format!("/accounts/{}/members/{}", co.account_id, users[0])).await, 404, ErrorCode::NotFound).await;
    // The removed person keeps their Seatwise account but no longer sees the company.
    let c = app.new_browser();
    app.sign_in_as(&c, "r0@example.com", PASSWORD).await;
    let mine: MyAccounts = app.get_as(&c, "/accounts").await.json().await.unwrap();
    assert!(mine.accounts.is_empty());
    assert_error(app.get_as(&c, &format!("/accounts/{}/subscriptions", co.account_id)).await, 404, ErrorCode::NotFound).await;
}

async fn primary_admin_is_transferred_not_removed(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Handover", 1).await;
    let users = add_members(&app, &co, "t", 1).await;
    let base = format!("/accounts/{}", co.account_id);
    assert_error(app.post_as(&co.manager, &format!("{base}/members/{}/remove", co.manager_id), &json!({})).await, 409, ErrorCode::PrimaryAdminRequired).await;
    let r = co.manager.patch(app.url(&format!("{base}/members/{}", co.manager_id))).json(&json!({"role": "user"})).send().await.unwrap();
    assert_error(r, 409, ErrorCode::PrimaryAdminRequired).await;
    let r = co.manager.patch(app.url(&format!("{base}/members/{}", users[0]))).json(&json!({"role": "primary_admin"})).send().await.unwrap();
    assert_error(r, 409, ErrorCode::PrimaryAdminRequired).await;
    // A user cannot transfer; the primary admin can.
    let c = app.new_browser();
    app.sign_in_as(&c, "t0@example.com", PASSWORD).await;
    assert_error(app.post_as(&c, &format!("{base}/transfer-primary"), &json!({"user_id": users[0]})).await, 403, ErrorCode::Forbidden).await;
    assert_eq!(app.post_as(&co.manager, &format!("{base}/transfer-primary"), &json!({"user_id": users[0]})).await.status(), 204);
    let new: Member = app.get_as(&c, &format!("{base}/members/{}", users[0])).await.json().await.unwrap();
    let old: Member = app.get_as(&c, &format!("{base}/members/{}", co.manager_id)).await.json().await.unwrap();
    assert_eq!((new.role, old.role), (MemberRole::PrimaryAdmin, MemberRole::SecondaryAdmin));
}

async fn member_list_pages_filters_and_searches(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Pages", 2).await;
    let users = add_members(&app, &co, "m", 7).await;
    let base = format!("/accounts/{}/members", co.account_id);
    // Walk the pages: every member exactly once, in order.
    let mut seen = vec![];
    let mut url = format!("{base}?limit=3");
    loop {
        let page: MemberPage = app.get_as(&co.manager, &url).await.json().await.unwrap();
        assert!(page.members.len() <= 3);
        seen.extend(page.members.iter().map(|m| m.user_id.clone()));
        match page.next_cursor {
            Some(c) => url = format!("{base}?limit=3&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 8);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 8);
    // A rename re-sorts the list (the sort key follows the person's name).
    let r = co.manager.patch(app.url("/me")).json(&json!({"last_name": "Aardvark"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let page: MemberPage = app.get_as(&co.manager, &format!("{base}?limit=1")).await.json().await.unwrap();
    assert_eq!(page.members[0].user_id, co.manager_id);
    for sort in ["email", "last_sign_in"] {
        let page: MemberPage = app.get_as(&co.manager, &format!("{base}?sort={sort}&limit=200")).await.json().await.unwrap();
        assert_eq!(page.members.len(), 8, "{sort}");
    }
    let page: MemberPage = app.get_as(&co.manager, &format!("{base}?sort=email&limit=4")).await.json().await.unwrap();
    let emails: Vec<&str> = page.members.iter().map(|m| m.email.as_str()).collect();
    let mut sorted = emails.clone();
    sorted.sort();
    assert_eq!(emails, sorted);
    // Search by name and email, case-insensitive; wildcards are literal.
    // (People choose their own names when accepting: "New m3".)
    let page: MemberPage = app.get_as(&co.manager, &format!("{base}?q=NEW%20M3")).await.json().await.unwrap();
    assert_eq!(page.members.len(), 1);
    assert_eq!(page.members[0].email, "m3@example.com");
    let page: MemberPage = app.get_as(&co.manager, &format!("{base}?q=%25")).await.json().await.unwrap();
    assert!(page.members.is_empty());
    // Filters: role, subscription, team.
    let page: MemberPage = app.get_as(&co.manager, &format!("{base}?role=primary_admin")).await.json().await.unwrap();
    assert_eq!(page.members.len(), 1);
    let put = app.url(&format!("/accounts/{}/members/{}/assignments/{}", co.account_id, users[2], co.subscription_id));
    co.manager.put(&put).json(&json!({"assigned": true})).send().await.unwrap();
    let page: MemberPage = app.get_as(&co.manager, &format!("{base}?subscription={}", co.subscription_id)).await.json().await.unwrap();
    assert_eq!(page.members.iter().map(|m| &m.user_id).collect::<Vec<_>>(), vec![&users[2]]);
    let team: Team = app.post_as(&co.manager, &format!("/accounts/{}/teams", co.account_id), &json!({"name": "Design"})).await.json().await.unwrap();
    co.manager.patch(app.url(&format!("{base}/{}", users[4]))).json(&json!({"team_ids": [team.id]})).send().await.unwrap();
    let page: MemberPage = app.get_as(&co.manager, &format!("{base}?team={}", team.id)).await.json().await.unwrap();
    assert_eq!(page.members.len(), 1);
    assert_eq!(page.members[0].teams[0].name, "Design");
    let page: MemberPage = app.get_as(&co.manager, &format!("{base}?team=none")).await.json().await.unwrap();
    assert_eq!(page.members.len(), 7);
    // Bad input.
    assert_error(app.get_as(&co.manager, &format!("{base}?limit=0")).await, 422, ErrorCode::ValidationFailed).await;
    assert_error(app.get_as(&co.manager, &format!("{base}?cursor=garbage")).await, 422, ErrorCode::ValidationFailed).await;
    let r = app.get_as(&co.manager, &format!("{base}?role=emperor")).await;
    assert_eq!(r.status(), 400);
    // Users do not see the member list.
    let c = app.new_browser();
    app.sign_in_as(&c, "m1@example.com", PASSWORD).await;
    assert_error(app.get_as(&c, &base).await, 403, ErrorCode::Forbidden).await;
}

/// Invites `email` to the company and has a new person accept it with these names; returns
/// their signed-in browser and user id.
async fn join_as(app: &TestApp, co: &Company, email: &str, first: &str, last: &str) -> (reqwest::Client, String) {
    post_ok(app, &co.manager, &format!("/accounts/{}/invitations", co.account_id), json!({"invitations": [
        {"email": email, "first_name": first, "last_name": last}
    ]}))
    .await;
    let token = app.token_from_mail(email, "/invitation?token=").await;
    let c = app.new_browser();
    let r = app
        .post_as(&c, "/invitations/accept", &json!({
            "token": token, "first_name": first, "last_name": last, "country": "SI", "password": PASSWORD, "privacy_consent": true
        }))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    (c, app.db.user_by_email(email).await.unwrap().unwrap().id)
}

async fn member_search_matches_word_prefixes_in_any_script(b: Backend) {
    // Arrange: two accounts; names with Š, Ž, Č and a Chinese name (family name 王, given
    // name 小明), and a Škof in the other account too.
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Iskanje", 10).await;
    let other = provision(&app, &v, "Drugi", 10).await;
    join_as(&app, &co, "zan@example.com", "Žan", "ŠKOF").await;
    let (_, cedo) = join_as(&app, &co, "cedo@example.com", "Čedo", "Škofič").await;
    join_as(&app, &co, "ana.novak@example.com", "Ana", "Novak").await;
    join_as(&app, &co, "wang@example.com", "小明", "王").await;
    let (sara, _) = join_as(&app, &co, "sara@example.com", "Sara", "Skok").await;
    join_as(&app, &other, "stefan@example.com", "Štefan", "Škof").await;
    let emails = |c: &reqwest::Client, co: &Company, q: &str| {
        let (c, url) = (c.clone(), app.url(&format!("/accounts/{}/members", co.account_id)));
        let q = q.to_string();
        async move {
            let r = c.get(url).query(&[("q", &q)]).send().await.unwrap();
            assert_eq!(r.status(), 200, "q={q}");
            let page: MemberPage = r.json().await.unwrap();
            let mut found: Vec<String> = page.members.into_iter().map(|m| m.email).collect();
            found.sort();
            found
        }
    };

    // Act and assert: case folds for every letter, by word prefix; Š is not S.
    for q in ["škof", "ŠKOF", "Škof", "šk", "ŠK"] {
        assert_eq!(emails(&co.manager, &co, q).await, ["cedo@example.com", "zan@example.com"], "q={q}");
    }
    for (q, found) in [
        ("žan", "zan@example.com"), ("ŽAN", "zan@example.com"), ("č", "cedo@example.com"), ("ČEDO škofič", "cedo@example.com"),
        ("王", "wang@example.com"), ("小明", "wang@example.com"), ("王小", "wang@example.com"), ("王小明", "wang@example.com"),
        ("nov", "ana.novak@example.com"), ("NOVAK ana", "ana.novak@example.com"), ("ana.nov", "ana.novak@example.com"),
        ("ana.novak@example", "ana.novak@example.com"), ("sk", "sara@example.com"),
    ] {
        assert_eq!(emails(&co.manager, &co, q).await, [found], "q={q}");
    }
    // Not in the middle of a word, not without the caron, and no word characters: no one.
    for q in ["ovak", "skof", "明", "ana zzz", "%", "\"*", "' OR 1=1 --", "*:*"] {
        assert!(emails(&co.manager, &co, q).await.is_empty(), "q={q}");
    }
    // Nothing from another account, either way.
    assert_eq!(emails(&other.manager, &other, "škof").await, ["stefan@example.com"]);
    assert!(emails(&other.manager, &other, "žan").await.is_empty());
    assert!(emails(&co.manager, &co, "štefan").await.is_empty());
    // A rename is found by its new name only; a removed member no more.
    let r = sara.patch(app.url("/me")).json(&json!({"last_name": "Šuštar"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(emails(&co.manager, &co, "šušt").await, ["sara@example.com"]);
    assert!(emails(&co.manager, &co, "skok").await.is_empty());
    let r = app.post_as(&co.manager, &format!("/accounts/{}/members/{cedo}/remove", co.account_id), &json!({})).await;
    assert_eq!(r.status(), 204);
    assert_eq!(emails(&co.manager, &co, "škof").await, ["zan@example.com"]);
    // The export searches the same way.
    let csv = co.manager.get(app.url(&format!("/accounts/{}/members/export.csv", co.account_id))).query(&[("q", "王小")]).send().await.unwrap();
    let csv = csv.text().await.unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("wang@example.com"));
}

/// Every member matching `q`, walking the pages of 200.
async fn all_matching(app: &TestApp, co: &Company, q: &str) -> Vec<String> {
    let url = app.url(&format!("/accounts/{}/members", co.account_id));
    let mut found = vec![];
    let mut cursor: Option<String> = None;
    loop {
        let mut query = vec![("q", q.to_string()), ("limit", "200".to_string())];
        query.extend(cursor.take().map(|c| ("cursor", c)));
        let r = co.manager.get(&url).query(&query).send().await.unwrap();
        assert_eq!(r.status(), 200, "q={q}");
        let page: MemberPage = r.json().await.unwrap();
        found.extend(page.members.into_iter().map(|m| m.email));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return found,
        }
    }
}

async fn member_search_with_many_matches_walks_the_list(b: Backend) {
    // Arrange: 1,200 members with one last name, more than the 1,000 matches below which a
    // search reads the index first (above, it walks the list keeping matches); inserted as
    // fixture rows, the triggers index them as any member.
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Veliko", 10).await;
    let other = provision(&app, &v, "Malo", 10).await;
    let mut users = String::from(
        "INSERT INTO users (id, account_id, email, password_hash, first_name, last_name, country, locale, \
         privacy_consent_at, privacy_statement_version, created_at, updated_at) VALUES ",
    );
    let mut members = String::from("INSERT INTO memberships (account_id, user_id, role, created_at) VALUES ");
    let mut ids = vec![];
    for n in 0..1200 {
        let sep = if n == 0 { "" } else { "," };
        let id = uuid::Uuid::new_v4().to_string();
        users.push_str(&format!("{sep}('{id}', 'BULK{n:06}', 'mnogo{n}@example.com', 'x', 'Član{n}', 'ŠTEVILNI', 'SI', 'sl', 1, 'v', 1, 1)"));
        members.push_str(&format!("{sep}('{}', '{id}', 'user', 1)", co.account_id));
        ids.push(id);
    }
    sqlx::query(&users).execute(app.db.pool()).await.unwrap();
    sqlx::query(&members).execute(app.db.pool()).await.unwrap();

    // Act and assert: many matches, every one once, in list order; few in the same account.
    let found = all_matching(&app, &co, "števil").await;
    assert_eq!(found.len(), 1200);
    assert_eq!(found.iter().collect::<HashSet<_>>().len(), 1200);
    assert_eq!(all_matching(&app, &co, "MNOGO").await, found);
    // Član1, Član10 to 19, Član100 to 199 and Član1000 to 1199.
    assert_eq!(all_matching(&app, &co, "ČLAN1").await.len(), 311);
    assert!(all_matching(&app, &co, "števil zzz").await.is_empty());
    assert!(all_matching(&app, &other, "števil").await.is_empty());
    assert_eq!(all_matching(&app, &other, "manager").await, ["manager.malo@example.com"]);
    // A rename and a removal, seen by both plans.
    sqlx::query(&app.db.sql("UPDATE users SET last_name = 'Redki' WHERE id = $1")).bind(&ids[0]).execute(app.db.pool()).await.unwrap();
    assert_eq!(all_matching(&app, &co, "redki").await, ["mnogo0@example.com"]);
    let r = app.post_as(&co.manager, &format!("/accounts/{}/members/{}/remove", co.account_id, ids[1]), &json!({})).await;
    assert_eq!(r.status(), 204);
    let found = all_matching(&app, &co, "števil").await;
    assert_eq!(found.len(), 1198);
    assert!(!found.iter().any(|e| e == "mnogo0@example.com" || e == "mnogo1@example.com"));
}

async fn teams_are_managed(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Teams", 1).await;
    let users = add_members(&app, &co, "tm", 2).await;
    let base = format!("/accounts/{}/teams", co.account_id);
    let t: Team = app.post_as(&co.manager, &base, &json!({"name": "Structural"})).await.json().await.unwrap();
    assert_error(app.post_as(&co.manager, &base, &json!({"name": "Structural"})).await, 409, ErrorCode::Taken).await;
    assert_error(app.post_as(&co.manager, &base, &json!({"name": " "})).await, 422, ErrorCode::ValidationFailed).await;
    for u in &users {
        co.manager.patch(app.url(&format!("/accounts/{}/members/{u}", co.account_id))).json(&json!({"team_ids": [t.id]})).send().await.unwrap();
    }
    let r = co.manager.patch(app.url(&format!("{base}/{}", t.id))).json(&json!({"name": "Structures"})).send().await.unwrap();
    assert_eq!(r.json::<Team>().await.unwrap().name, "Structures");
    let list: TeamList = app.get_as(&co.manager, &base).await.json().await.unwrap();
    assert_eq!(list.teams[0].member_count, 2);
    assert_eq!(app.post_as(&co.manager, &format!("{base}/{}/delete", t.id), &json!({})).await.status(), 204);
    // Members stay, without a team.
    let m: Member = app.get_as(&co.manager, &format!("/accounts/{}/members/{}", co.account_id, users[0])).await.json().await.unwrap();
    assert!(m.teams.is_empty());
    let r = co.manager.patch(app.url(&format!("/accounts/{}/members/{}", co.account_id, users[0]))).json(&json!({"team_ids": ["no-such-team"]})).send().await.unwrap();
    assert_error(r, 422, ErrorCode::ValidationFailed).await;
}

async fn invitations_expire_and_can_be_revoked_or_resent(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Invites", 1).await;
    let base = format!("/accounts/{}/invitations", co.account_id);
    let invite = |email: &str| json!({"invitations": [{"email": email, "first_name": "A", "last_name": "B"}]});
    // Several rows: one bad row invites nobody and names the row.
    let e = assert_error(
        app.post_as(&co.manager, &base, &json!({"invitations": [
            {"email": "ok@example.com", "first_name": "A", "last_name": "B"},
            {"email": "not-an-email", "first_name": "A", "last_name": "B"}]})).await,
        422, ErrorCode::ValidationFailed).await;
    assert!(e.fields.contains_key("invitations.1.email"), "{e:?}");
    let list: InvitationList = app.get_as(&co.manager, &base).await.json().await.unwrap();
    assert_eq!(list.invitations.len(), 1, "only the manager's invitation");

    let r = app.post_as(&co.manager, &base, &invite("late@example.com")).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let r = app.get_as(&co.manager, &base).await;
    let list: InvitationList = r.json().await.unwrap();
    let list = InvitationList { invitations: list.invitations.into_iter().filter(|i| i.email == "late@example.com").collect() };
    let id = list.invitations[0].id.clone();
    assert_error(app.post_as(&co.manager, &base, &invite("late@example.com")).await, 409, ErrorCode::AlreadyInvited).await;
    let old = app.token_from_mail("late@example.com", "/invitation?token=").await;
    assert_eq!(app.post_as(&co.manager, &format!("{base}/{id}/resend"), &json!({})).await.status(), 200);
    let new = app.next_token("late@example.com", "/invitation?token=", &old).await;
    assert_ne!(old, new);
    assert_error(app.post("/invitations/lookup", &json!({"token": old})).await, 400, ErrorCode::InvalidToken).await;
    assert_eq!(app.post("/invitations/lookup", &json!({"token": new})).await.status(), 200);
    app.advance(time::Duration::days(8));
    assert_error(app.post("/invitations/lookup", &json!({"token": new})).await, 400, ErrorCode::InvalidToken).await;
    // Eight idle days ended the manager's session too.
    assert_eq!(app.sign_in_as(&co.manager, "manager.invites@example.com", PASSWORD).await.status(), 200);
    let list: InvitationList = app.get_as(&co.manager, &base).await.json().await.unwrap();
    assert_eq!(list.invitations.iter().find(|i| i.id == id).unwrap().status, InvitationStatus::Expired);

    let list: InvitationList = app.post_as(&co.manager, &base, &invite("gone@example.com")).await.json().await.unwrap();
    let gone = list.invitations[0].id.clone();
    let token = app.token_from_mail("gone@example.com", "/invitation?token=").await;
    assert_eq!(app.post_as(&co.manager, &format!("{base}/{gone}/revoke"), &json!({})).await.status(), 204);
    let r = app.post_as(&app.new_browser(), "/invitations/accept", &json!({
        "token": token, "first_name": "A", "last_name": "B", "country": "SI", "password": PASSWORD, "privacy_consent": true})).await;
    assert_error(r, 400, ErrorCode::InvalidToken).await;
}

async fn existing_accounts_join_when_signed_in(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Join", 1).await;
    app.signed_in_user("known@example.com").await;
    app.sign_up("stranger@example.com").await;
    let base = format!("/accounts/{}/invitations", co.account_id);
    app.post_as(&co.manager, &base, &json!({"invitations": [{"email": "known@example.com", "first_name": "K", "last_name": "N", "subscription_ids": [co.subscription_id]}]})).await;
    let token = app.token_from_mail("known@example.com", "/invitation?token=").await;
    let info: seatwise_api::InvitationInfo = app.post("/invitations/lookup", &json!({"token": token})).await.json().await.unwrap();
    assert!(info.existing_account);
    assert_eq!(info.account_name, "Join");
    // Not signed in: sign in first. Signed in as someone else: refused.
    assert_error(app.post_as(&app.new_browser(), "/invitations/accept", &json!({"token": token})).await, 401, ErrorCode::Unauthenticated).await;
    let other = app.new_browser();
    app.sign_in_as(&other, "stranger@example.com", PASSWORD).await;
    assert_error(app.post_as(&other, "/invitations/accept", &json!({"token": token})).await, 403, ErrorCode::Forbidden).await;
    let joined: seatwise_api::InvitationAccepted = app.post("/invitations/accept", &json!({"token": token})).await.json().await.unwrap();
    // The answer names the account by id (names need not be unique).
    assert_eq!(joined.account_id, co.account_id);
    assert_eq!(joined.role, MemberRole::User);
    assert_eq!(joined.me.email, "known@example.com");
    let mine: MyAccounts = app.get("/accounts").await.json().await.unwrap();
    assert_eq!(mine.accounts[0].name, "Join");
    assert_eq!(mine.accounts[0].role, MemberRole::User);
    // The invited product was assigned; a user sees only their own subscriptions.
    let subs: SubscriptionList = app.get(&format!("/accounts/{}/subscriptions", co.account_id)).await.json().await.unwrap();
    assert_eq!(subs.subscriptions.len(), 1);
    assert_eq!(subs.subscriptions[0].seats_used, 1);
    assert_error(app.post("/invitations/accept", &json!({"token": token})).await, 400, ErrorCode::InvalidToken).await;
}

async fn activity_log_is_append_only(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Audit", 1).await;
    let upd = app.db.sql_owned("UPDATE activity SET action = 'forged'".into());
    assert!(sqlx::query(&upd).execute(app.db.pool()).await.is_err());
    let del = app.db.sql_owned("DELETE FROM activity".into());
    assert!(sqlx::query(&del).execute(app.db.pool()).await.is_err());
    let log: ActivityPage = app.get_as(&co.manager, &format!("/accounts/{}/activity?limit=2", co.account_id)).await.json().await.unwrap();
    assert_eq!(log.entries.len(), 2);
    let next: ActivityPage = app.get_as(&co.manager, &format!("/accounts/{}/activity?limit=2&cursor={}", co.account_id, log.next_cursor.unwrap())).await.json().await.unwrap();
    assert!(next.entries.iter().all(|e| !log.entries.iter().any(|f| f.id == e.id)));
    assert!(next.entries.iter().all(|e| e.action != "forged"));
    // Filters: by action prefix and by actor.
    let subs: ActivityPage = app.get_as(&co.manager, &format!("/accounts/{}/activity?action=subscription.", co.account_id)).await.json().await.unwrap();
    assert_eq!(subs.entries.len(), 1);
    assert_eq!(subs.entries[0].action, "subscription.created");
    let by_vendor: ActivityPage = app.get_as(&co.manager, &format!("/accounts/{}/activity?actor=VENDOR.example", co.account_id)).await.json().await.unwrap();
    assert!(!by_vendor.entries.is_empty() && by_vendor.entries.iter().all(|e| e.actor_email == "staff@vendor.example"));
    // CSV export of the same.
    let r = app.get_as(&co.manager, &format!("/accounts/{}/activity/export.csv?action=contract.", co.account_id)).await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(text.trim_start_matches('\u{feff}').starts_with("at,actor,action"));
    assert_eq!(text.lines().count(), 2);
    assert!(text.contains("contract.created"));
}

on_both_databases!(vendor_sees_an_account_in_detail);

async fn vendor_sees_an_account_in_detail(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Detail", 4).await;
    let d: seatwise_api::VendorAccountDetail = app.get_as(&v, &format!("/vendor/accounts/{}", co.account_id)).await.json().await.unwrap();
    assert_eq!(d.account.name, "Detail");
    assert_eq!(d.account.member_count, 1);
    assert_eq!(d.contracts.len(), 1);
    assert_eq!(d.contracts[0].partner_name, "Partner d.o.o.");
    assert_eq!(d.subscriptions[0].seats, 4);
    assert_eq!(d.manager_email.as_deref(), Some("manager.detail@example.com"));
    assert_error(app.get_as(&v, "/vendor/accounts/nope").await, 404, ErrorCode::NotFound).await;
    assert_error(app.get_as(&co.manager, &format!("/vendor/accounts/{}", co.account_id)).await, 403, ErrorCode::Forbidden).await;
}
