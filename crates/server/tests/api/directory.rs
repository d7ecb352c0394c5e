//! Directory sync (issue 14): the SCIM 2.0 endpoint of an account, driven as an identity
//! provider would, and group-based product access (team bindings, the waiting queue).

use reqwest::{Client, Response};
use seatwise_api::{CreatedScimToken, DirectorySync, ErrorCode, Member, Team};
use serde_json::{json, Value};

use crate::{company::*, helpers::*, on_both_databases};

on_both_databases!(
    scim_users_and_groups_follow_the_directory,
    tokens_are_the_accounts_own,
    bound_teams_give_seats_in_joining_order,
    concurrent_patches_never_overfill_a_bound_team,
);

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// An identity provider: the SCIM base URL and a bearer token.
struct Idp {
    http: Client,
    base: String,
    token: String,
}

impl Idp {
    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Response {
        let mut r = self.http.request(method, format!("{}{path}", self.base)).bearer_auth(&self.token);
        if let Some(b) = body {
            r = r.header("content-type", "application/scim+json").body(b.to_string());
        }
        r.send().await.unwrap()
    }
    async fn json(&self, method: reqwest::Method, path: &str, body: Option<Value>, want: u16) -> Value {
        let r = self.send(method.clone(), path, body).await;
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        assert_eq!(status, want, "{method} {path}: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }
    async fn get(&self, path: &str) -> Value {
        self.json(reqwest::Method::GET, path, None, 200).await
    }
    async fn user(&self, name: &str, extra: Value) -> String {
        let mut body = json!({"schemas": [USER], "userName": name, "name": {"givenName": "Ana", "familyName": "Novak"},
            "emails": [{"value": name, "type": "work", "primary": true}], "active": true});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        self.json(reqwest::Method::POST, "/Users", Some(body), 201).await["id"].as_str().unwrap().to_string()
    }
    async fn patch(&self, path: &str, ops: Value) -> Response {
        self.send(reqwest::Method::PATCH, path, Some(json!({"schemas": [PATCH], "Operations": ops}))).await
    }
}

/// Turns sync on for the company (the vendor allows it) and makes a token.
async fn idp(app: &TestApp, vendor: &Client, co: &Company) -> Idp {
    let a = co.account_id.as_str();
    let r = vendor
        .put(app.url(&format!("/vendor/accounts/{a}/directory-sync")))
        .json(&json!({"allowed": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = co.manager.put(app.url(&format!("/accounts/{a}/directory"))).json(&json!({"on": true})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let created: CreatedScimToken = serde_json::from_value(post_ok(app, &co.manager, &format!("/accounts/{a}/directory/tokens"), json!({"name": "Entra ID"})).await).unwrap();
    assert!(created.secret.starts_with("swscim_"));
    Idp { http: Client::new(), base: app.url(&format!("/scim/v2/{a}")).replace("/api/v1", ""), token: created.secret }
}

async fn member(app: &TestApp, co: &Company, id: &str) -> Member {
    app.get_as(&co.manager, &format!("/accounts/{}/members/{id}", co.account_id)).await.json().await.unwrap()
}

async fn scim_users_and_groups_follow_the_directory(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Scim Co", 5).await;
    let idp = idp(&app, &v, &co).await;

    // Discovery says what is supported.
    let spc = idp.get("/ServiceProviderConfig").await;
    assert_eq!((spc["patch"]["supported"].clone(), spc["bulk"]["supported"].clone(), spc["etag"]["supported"].clone()), (json!(true), json!(false), json!(true)));
    assert_eq!(idp.get("/ResourceTypes").await["totalResults"], json!(2));
    assert_eq!(idp.get("/Schemas").await["Resources"][0]["id"], json!(USER));
    assert_eq!(idp.get(&format!("/Schemas/{GROUP}")).await["name"], json!("Group"));

    // A new person: a member, mailed a link to set a password (7 days).
    let ana = idp.user("ana@corp.example", json!({"externalId": "E-1"})).await;
    let mail = app.wait_for_mail("ana@corp.example", "/reset-password?token=").await;
    assert!(mail.text.contains("7 days"), "{}", mail.text);
    let m = member(&app, &co, &ana).await;
    assert_eq!((m.first_name.as_str(), m.last_name.as_str()), ("Ana", "Novak"));
    // The same userName again (any case) is taken.
    let body = json!({"schemas": [USER], "userName": "ANA@corp.example", "emails": [{"value": "ana2@corp.example"}]});
    let e = idp.json(reqwest::Method::POST, "/Users", Some(body), 409).await;
    assert_eq!(e["scimType"], json!("uniqueness"));
    // Bad input: SCIM's error body.
    let e = idp.json(reqwest::Method::POST, "/Users", Some(json!({"schemas": [USER], "userName": 7})), 400).await;
    assert_eq!(e["schemas"], json!(["urn:ietf:params:scim:api:messages:2.0:Error"]));
    let bo = idp.user("bo@corp.example", json!({"emails": [{"value": "bo.home@corp.example", "type": "home"}, {"value": "bo@corp.example", "type": "work"}]})).await;

    // Filters: userName, emails with a value filter, externalId; paging.
    let f = |q: &str| format!("/Users?filter={}", urlencode(q));
    assert_eq!(idp.get(&f(r#"userName eq "ANA@corp.example""#)).await["Resources"][0]["id"], json!(ana));
    assert_eq!(idp.get(&f(r#"emails[type eq "work"].value eq "bo@corp.example""#)).await["Resources"][0]["id"], json!(bo));
    assert_eq!(idp.get(&f(r#"emails[type eq "work"].value eq "bo.home@corp.example""#)).await["totalResults"], json!(0));
    assert_eq!(idp.get(&f(r#"externalId eq "E-1""#)).await["Resources"][0]["id"], json!(ana));
    assert_eq!(idp.get(&f(r#"name.givenName sw "an" and active eq true"#)).await["totalResults"], json!(2));
    let all = idp.get("/Users").await;
    let page = idp.get("/Users?startIndex=2&count=1").await;
    assert_eq!((page["totalResults"].clone(), page["itemsPerPage"].clone(), page["Resources"][0]["id"].clone()), (json!(2), json!(1), all["Resources"][1]["id"].clone()));
    let e = idp.json(reqwest::Method::GET, &f("userName eq"), None, 400).await;
    assert_eq!(e["scimType"], json!("invalidFilter"));
    let sel = idp.get(&format!("/Users/{ana}?attributes=userName")).await;
    assert!(sel.get("name").is_none() && sel["userName"] == json!("ana@corp.example"));

    // ETags: If-None-Match gives 304, a stale If-Match 412.
    let r = idp.http.get(format!("{}/Users/{ana}", idp.base)).bearer_auth(&idp.token).send().await.unwrap();
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    let r = idp.http.get(format!("{}/Users/{ana}", idp.base)).bearer_auth(&idp.token).header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(r.status(), 304);
    assert_eq!(idp.patch(&format!("/Users/{ana}"), json!([{"op": "replace", "path": "title", "value": "Engineer"}])).await.status(), 200);
    let r = idp
        .http
        .patch(format!("{}/Users/{ana}", idp.base))
        .bearer_auth(&idp.token)
        .header("if-match", &tag)
        .header("content-type", "application/scim+json")
        .body(json!({"schemas": [PATCH], "Operations": [{"op": "replace", "path": "title", "value": "X"}]}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 412);

    // PATCH edge cases: a remove with a value filter; replacing active (as "False", as some send).
    let r = idp.patch(&format!("/Users/{bo}"), json!([{"op": "remove", "path": "emails[type eq \"home\"]"}])).await;
    assert_eq!(r.status(), 200);
    let got: Value = r.json().await.unwrap();
    assert_eq!(got["emails"], json!([{"value": "bo@corp.example", "type": "work"}]));
    assert_eq!(idp.patch(&format!("/Users/{bo}"), json!([{"op": "remove"}])).await.status(), 400);

    // A group is a team; members by PATCH; the portal shows it as synced and will not edit it.
    let g = idp.json(reqwest::Method::POST, "/Groups", Some(json!({"schemas": [GROUP], "displayName": "Structures", "members": [{"value": ana}]})), 201).await;
    let gid = g["id"].as_str().unwrap().to_string();
    assert_eq!(idp.patch(&format!("/Groups/{gid}"), json!([{"op": "add", "path": "members", "value": [{"value": bo}]}])).await.status(), 204);
    let group = idp.get(&format!("/Groups/{gid}")).await;
    assert_eq!(group["members"].as_array().unwrap().len(), 2);
    assert_eq!(idp.get(&format!("/Groups?excludedAttributes=members")).await["Resources"][0].get("members"), None);
    assert_eq!(idp.get(&f(r#"userName eq "bo@corp.example""#)).await["Resources"][0]["groups"][0]["display"], json!("Structures"));
    let r = idp.patch(&format!("/Groups/{gid}"), json!([{"op": "remove", "path": format!("members[value eq \"{bo}\"]")}])).await;
    assert_eq!(r.status(), 204);
    assert_eq!(idp.get(&format!("/Groups/{gid}")).await["members"], json!([{"value": ana, "$ref": format!("{}/Users/{ana}", idp.base)}]));
    let e = idp.patch(&format!("/Groups/{gid}"), json!([{"op": "add", "path": "members", "value": [{"value": "nobody"}]}])).await;
    assert_eq!(e.status(), 400);
    let teams: seatwise_api::TeamList = app.get_as(&co.manager, &format!("/accounts/{}/teams", co.account_id)).await.json().await.unwrap();
    assert!(teams.teams.iter().any(|t| t.id == gid && t.synced));
    assert_error(app.post_as(&co.manager, &format!("/accounts/{}/teams/{gid}/delete", co.account_id), &json!({})).await, 409, ErrorCode::TeamSynced).await;
    let r = co.manager.patch(app.url(&format!("/accounts/{}/members/{bo}", co.account_id))).json(&json!({"team_ids": [gid]})).send().await.unwrap();
    assert_error(r, 409, ErrorCode::TeamSynced).await;
    assert_eq!(member(&app, &co, &ana).await.teams[0].name, "Structures");

    // Deactivation suspends and frees the seats; the activity log names the directory.
    let seat = format!("/accounts/{}/members/{ana}/assignments/{}", co.account_id, co.subscription_id);
    assert_eq!(co.manager.put(app.url(&seat)).json(&json!({"assigned": true})).send().await.unwrap().status(), 200);
    assert_eq!(idp.patch(&format!("/Users/{ana}"), json!([{"op": "replace", "value": {"active": false}}])).await.status(), 200);
    let m = member(&app, &co, &ana).await;
    assert_eq!((m.status, m.subscription_ids.len()), (seatwise_api::MemberStatus::Suspended, 0));
    assert_error(co.manager.put(app.url(&seat)).json(&json!({"assigned": true})).send().await.unwrap(), 409, ErrorCode::MemberSuspended).await;
    let activity = app.get_as(&co.manager, &format!("/accounts/{}/activity", co.account_id)).await.text().await.unwrap();
    assert!(activity.contains("directory sync") && activity.contains("member.suspended"), "{activity}");
    assert_eq!(idp.patch(&format!("/Users/{ana}"), json!([{"op": "replace", "path": "active", "value": true}])).await.status(), 200);
    assert_eq!(member(&app, &co, &ana).await.status, seatwise_api::MemberStatus::Unconfirmed);

    // Someone with a Seatwise account of their own: once deactivated, the account is gone from
    // their list and refuses them.
    app.signed_in_user("kim@corp.example").await;
    let kim = idp.user("kim@corp.example", json!({})).await;
    let mine = || async { app.get("/accounts").await.json::<seatwise_api::MyAccounts>().await.unwrap().accounts };
    assert_eq!(mine().await.len(), 1);
    assert_eq!(idp.patch(&format!("/Users/{kim}"), json!([{"op": "replace", "path": "active", "value": false}])).await.status(), 200);
    assert!(mine().await.is_empty());
    assert_error(app.get(&format!("/accounts/{}/subscriptions", co.account_id)).await, 403, ErrorCode::Forbidden).await;

    // Deleting: the member leaves the account; the group goes, its members stay.
    assert_eq!(idp.send(reqwest::Method::DELETE, &format!("/Users/{bo}"), None).await.status(), 204);
    assert_eq!(idp.send(reqwest::Method::GET, &format!("/Users/{bo}"), None).await.status(), 404);
    assert_eq!(app.get_as(&co.manager, &format!("/accounts/{}/members/{bo}", co.account_id)).await.status(), 404);
    assert_eq!(idp.send(reqwest::Method::DELETE, &format!("/Groups/{gid}"), None).await.status(), 204);
    assert!(member(&app, &co, &ana).await.teams.is_empty());
    // The contract manager is not the directory's to remove.
    let e = idp.json(reqwest::Method::POST, "/Users", Some(json!({"schemas": [USER], "userName": "manager.scim-co@example.com", "emails": [{"value": "manager.scim-co@example.com"}]})), 201).await;
    let manager = e["id"].as_str().unwrap().to_string();
    assert_eq!(idp.send(reqwest::Method::DELETE, &format!("/Users/{manager}"), None).await.status(), 400);

    // The settings page's log keeps the requests, newest first.
    let d: DirectorySync = app.get_as(&co.manager, &format!("/accounts/{}/directory", co.account_id)).await.json().await.unwrap();
    assert!(d.on && d.available && d.base_url.ends_with(&format!("/scim/v2/{}", co.account_id)));
    assert_eq!((d.requests[0].method.as_str(), d.requests[0].path.as_str()), ("DELETE", format!("/Users/{manager}").as_str()));
    assert!(d.requests.iter().any(|r| r.outcome == "uniqueness" && r.status == 409));
    app.stop().await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn tokens_are_the_accounts_own(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let one = provision(&app, &v, "One", 2).await;
    let two = provision(&app, &v, "Two", 2).await;
    let idp = idp(&app, &v, &one).await;
    assert_eq!(idp.send(reqwest::Method::GET, "/Users", None).await.status(), 200);
    // One account's token on another's endpoint: 401, like no token or a wrong one.
    let other = Idp { http: Client::new(), base: idp.base.replace(&one.account_id, &two.account_id), token: idp.token.clone() };
    assert_eq!(other.send(reqwest::Method::GET, "/Users", None).await.status(), 401);
    let none = idp.http.get(format!("{}/Users", idp.base)).send().await.unwrap();
    assert_eq!(none.status(), 401);
    let wrong = Idp { token: "swscim_nope".into(), ..other };
    assert_eq!(wrong.send(reqwest::Method::GET, "/Users", None).await.status(), 401);
    // A member who is not an admin sees nothing of it.
    let users = add_members(&app, &one, "dm", 1).await;
    let _ = users;
    let d: DirectorySync = app.get_as(&one.manager, &format!("/accounts/{}/directory", one.account_id)).await.json().await.unwrap();
    assert!(d.tokens[0].last_used_at.is_some() && d.tokens[0].hint.starts_with("swscim_"));
    // Revoked, or sync off: refused.
    let id = d.tokens[0].id.clone();
    post_ok(&app, &one.manager, &format!("/accounts/{}/directory/tokens/{id}/revoke", one.account_id), json!({})).await;
    assert_eq!(idp.send(reqwest::Method::GET, "/Users", None).await.status(), 401);
    let again = idp_token(&app, &one).await;
    let idp = Idp { token: again, ..idp };
    assert_eq!(idp.send(reqwest::Method::GET, "/Users", None).await.status(), 200);
    let r = one.manager.put(app.url(&format!("/accounts/{}/directory", one.account_id))).json(&json!({"on": false})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(idp.send(reqwest::Method::GET, "/Users", None).await.status(), 401);
    // Without the vendor's permission (or the premium plan) it cannot be turned on.
    let r = two.manager.put(app.url(&format!("/accounts/{}/directory", two.account_id))).json(&json!({"on": true})).send().await.unwrap();
    assert_error(r, 409, ErrorCode::PremiumRequired).await;
    app.stop().await;
}

async fn idp_token(app: &TestApp, co: &Company) -> String {
    let created: CreatedScimToken = serde_json::from_value(post_ok(app, &co.manager, &format!("/accounts/{}/directory/tokens", co.account_id), json!({"name": "Okta"})).await).unwrap();
    created.secret
}

async fn bind(app: &TestApp, co: &Company, team: &str, subs: &[&str]) -> Team {
    let r = co
        .manager
        .put(app.url(&format!("/accounts/{}/teams/{team}/bindings", co.account_id)))
        .json(&json!({"subscription_ids": subs}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn bound_teams_give_seats_in_joining_order(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Bound", 3).await;
    let idp = idp(&app, &v, &co).await;
    let sub = co.subscription_id.clone();
    let mut ids = vec![];
    for i in 0..4 {
        ids.push(idp.user(&format!("p{i}@corp.example"), json!({})).await);
    }
    let g = idp.json(reqwest::Method::POST, "/Groups", Some(json!({"schemas": [GROUP], "displayName": "CAD"})), 201).await;
    let gid = g["id"].as_str().unwrap().to_string();
    // The manager holds one of the 3 seats; the team is bound; 4 join: 2 seats, 2 wait.
    let seat = |u: &str| format!("/accounts/{}/members/{u}/assignments/{sub}", co.account_id);
    assert_eq!(co.manager.put(app.url(&seat(&co.manager_id))).json(&json!({"assigned": true})).send().await.unwrap().status(), 200);
    let t = bind(&app, &co, &gid, &[&sub]).await;
    assert_eq!(t.subscription_ids, vec![sub.clone()]);
    for id in &ids {
        assert_eq!(idp.patch(&format!("/Groups/{gid}"), json!([{"op": "add", "path": "members", "value": [{"value": id}]}])).await.status(), 204);
    }
    let m0 = member(&app, &co, &ids[0]).await;
    assert_eq!((m0.subscription_ids.clone(), m0.bound_subscription_ids.clone()), (vec![sub.clone()], vec![sub.clone()]));
    assert_eq!(member(&app, &co, &ids[1]).await.subscription_ids, vec![sub.clone()]);
    assert_eq!(member(&app, &co, &ids[2]).await.waiting_subscription_ids, vec![sub.clone()]);
    assert_eq!(member(&app, &co, &ids[3]).await.waiting_subscription_ids, vec![sub.clone()]);
    // The admins are mailed once.
    app.wait_for_mail("manager.bound@example.com", "waiting").await;
    assert_eq!(app.mailbox().await.iter().filter(|m| m.subject.contains("waiting for a seat")).count(), 1);

    // p0 leaves the group: the seat goes to the first waiting (p2), not p3.
    let r = idp.patch(&format!("/Groups/{gid}"), json!([{"op": "remove", "path": format!("members[value eq \"{}\"]", ids[0])}])).await;
    assert_eq!(r.status(), 204);
    assert!(member(&app, &co, &ids[0]).await.subscription_ids.is_empty());
    assert_eq!(member(&app, &co, &ids[2]).await.subscription_ids, vec![sub.clone()]);
    assert_eq!(member(&app, &co, &ids[3]).await.waiting_subscription_ids, vec![sub.clone()]);
    // An admin's unassign is respected (the seat goes to p3, p1 gets none back) until p1
    // leaves and rejoins the team.
    assert_eq!(co.manager.put(app.url(&seat(&ids[1]))).json(&json!({"assigned": false})).send().await.unwrap().status(), 200);
    assert_eq!(member(&app, &co, &ids[3]).await.subscription_ids, vec![sub.clone()]);
    let p1 = member(&app, &co, &ids[1]).await;
    assert!(p1.subscription_ids.is_empty() && p1.waiting_subscription_ids.is_empty());
    idp.patch(&format!("/Groups/{gid}"), json!([{"op": "remove", "path": format!("members[value eq \"{}\"]", ids[1])}])).await;
    idp.patch(&format!("/Groups/{gid}"), json!([{"op": "add", "path": "members", "value": [{"value": ids[1]}]}])).await;
    assert_eq!(member(&app, &co, &ids[1]).await.waiting_subscription_ids, vec![sub.clone()]);
    // Deactivating a holder frees the seat for the one waiting.
    idp.patch(&format!("/Users/{}", ids[2]), json!([{"op": "replace", "path": "active", "value": false}])).await;
    assert_eq!(member(&app, &co, &ids[1]).await.subscription_ids, vec![sub.clone()]);
    // Unbinding frees every seat the binding gave; the manager's own stays.
    bind(&app, &co, &gid, &[]).await;
    let s: seatwise_api::SubscriptionDetail = app.get_as(&co.manager, &format!("/accounts/{}/subscriptions/{sub}", co.account_id)).await.json().await.unwrap();
    assert_eq!(s.subscription.seats_used, 1);
    // A team made by hand binds the same way.
    let hand: Team = serde_json::from_value(post_ok(&app, &co.manager, &format!("/accounts/{}/teams", co.account_id), json!({"name": "Hand"})).await).unwrap();
    bind(&app, &co, &hand.id, &[&sub]).await;
    let r = co.manager.patch(app.url(&format!("/accounts/{}/members/{}", co.account_id, ids[3]))).json(&json!({"team_ids": [hand.id]})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(member(&app, &co, &ids[3]).await.bound_subscription_ids, vec![sub.clone()]);
    app.stop().await;
}

async fn concurrent_patches_never_overfill_a_bound_team(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Rush", 10).await;
    let idp = idp(&app, &v, &co).await;
    let mut ids = vec![];
    for i in 0..50 {
        ids.push(idp.user(&format!("r{i}@corp.example"), json!({})).await);
    }
    let g = idp.json(reqwest::Method::POST, "/Groups", Some(json!({"schemas": [GROUP], "displayName": "Rush"})), 201).await;
    let gid = g["id"].as_str().unwrap().to_string();
    bind(&app, &co, &gid, &[&co.subscription_id]).await;
    let idp = std::sync::Arc::new(idp);
    let mut tasks = vec![];
    for id in ids.clone() {
        let idp = idp.clone();
        let gid = gid.clone();
        tasks.push(tokio::spawn(async move {
            idp.patch(&format!("/Groups/{gid}"), json!([{"op": "add", "path": "members", "value": [{"value": id}]}])).await.status().as_u16()
        }));
    }
    // Admin clicks at the same time: unassigning a member who has no seat changes nothing.
    for status in futures::future::join_all(tasks).await {
        assert_eq!(status.unwrap(), 204);
    }
    let mut assigned = 0;
    let mut waiting = 0;
    for id in &ids {
        let m = member(&app, &co, id).await;
        assigned += m.subscription_ids.len();
        waiting += m.waiting_subscription_ids.len();
    }
    assert_eq!((assigned, waiting), (10, 40));
    assert_eq!(app.db.count_assignments(&co.subscription_id).await.unwrap(), 10);
    app.stop().await;
}
