//! Directory sync: the SCIM operations on an account's members (Users) and teams (Groups).
//! Each request is one transaction with its activity records ("directory sync" as the actor)
//! and the seat changes of the team bindings it causes.

use serde_json::{json, Map, Value};

use super::{
    accounts::{self, Profile},
    bindings::{self, Author},
    identity::{Country, Email, Locale, PersonName},
    scim::{self, clean, etag, group_attrs, user_attrs, ScimError, Selection, GROUP_SCHEMA, USER_SCHEMA},
    scim_filter::{self, get_ci, Filter},
    scim_patch::{self, PatchOp},
    secret::{new_token, token_hash},
};
use crate::{
    clock::rfc3339,
    mail::{self, Mail},
    state::AppState,
    store::{
        directory::{NewScimUser, ScimLookup, ScimUserRow},
        tokens::TokenPurpose,
        Tx,
    },
};

/// How long a directory invitation's set-your-password link works.
const INVITATION_DAYS: i64 = 7;

pub type ScimResult<T> = Result<T, ScimError>;

/// One account's SCIM endpoint, as a request sees it.
pub struct Endpoint<'a> {
    pub state: &'a AppState,
    pub account_id: &'a str,
    /// `https://portal/scim/v2/{account}`.
    pub base: String,
}

/// A list request's parameters.
pub struct ListQuery {
    pub filter: Option<String>,
    pub start_index: Option<i64>,
    pub count: Option<i64>,
    pub selection: Selection,
}

fn is_unique(e: &sqlx::Error) -> bool {
    crate::store::is_unique_violation(e)
}

/// The person's address: the primary email, else a work one, else the first, else the
/// userName when it is an address.
fn person_email(attrs: &Map<String, Value>) -> ScimResult<Email> {
    let emails: Vec<&Value> = attrs.get("emails").and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default();
    let value = |v: &Value| get_ci(v, "value").and_then(Value::as_str).map(str::to_string);
    let pick = emails
        .iter()
        .find(|e| get_ci(e, "primary") == Some(&json!(true)))
        .or_else(|| emails.iter().find(|e| get_ci(e, "type").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case("work"))))
        .or_else(|| emails.first())
        .and_then(|e| value(e))
        .or_else(|| attrs.get("userName").and_then(Value::as_str).filter(|u| u.contains('@')).map(str::to_string));
    let Some(address) = pick else {
        return Err(ScimError::invalid_value("A member needs an email address: in emails, or as the userName"));
    };
    Email::parse(&address).map_err(|_| ScimError::invalid_value(format!("\"{address}\" is not an email address")))
}

fn emails_index(attrs: &Map<String, Value>) -> Vec<(String, String)> {
    attrs
        .get("emails")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|e| {
                    let v = get_ci(e, "value")?.as_str()?.to_string();
                    let t = get_ci(e, "type").and_then(Value::as_str).unwrap_or("").to_string();
                    Some((v, t))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn active_of(attrs: &Map<String, Value>) -> bool {
    attrs.get("active") != Some(&json!(false))
}

fn text(attrs: &Map<String, Value>, path: &[&str]) -> Option<String> {
    let mut v = attrs.get(path[0])?;
    for p in &path[1..] {
        v = get_ci(v, p)?;
    }
    v.as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// A new person's profile from the directory's attributes.
fn profile(attrs: &Map<String, Value>, email: &Email, country: &str) -> Profile {
    let local = email.as_str().split('@').next().unwrap_or("").to_string();
    let name = |v: Option<String>, fallback: &str| {
        v.and_then(|s| PersonName::parse(&s).ok()).or_else(|| PersonName::parse(fallback).ok()).unwrap_or_else(|| PersonName::parse("-").expect("a name"))
    };
    let display = text(attrs, &["displayName"]);
    let first = text(attrs, &["name", "givenName"]).or_else(|| display.as_ref().and_then(|d| d.split_whitespace().next().map(str::to_string)));
    let last = text(attrs, &["name", "familyName"]).or_else(|| display.as_ref().and_then(|d| d.split_whitespace().nth(1).map(str::to_string)));
    let locale = text(attrs, &["preferredLanguage"])
        .or_else(|| text(attrs, &["locale"]))
        .and_then(|l| Locale::from_accept_language(&l))
        .unwrap_or(Locale::DEFAULT);
    Profile {
        first_name: name(first, &local),
        last_name: name(last, "-"),
        country: Country::parse(country).unwrap_or_else(|_| Country::parse("US").expect("a country")),
        locale,
    }
}

impl Endpoint<'_> {
    fn db(&self) -> &crate::store::Db {
        &self.state.db
    }

    async fn record(&self, tx: &mut Tx, action: &str, object: (&str, &str), before: Option<Value>, after: Option<Value>) -> ScimResult<()> {
        Author::Directory.record(self.state, tx, self.account_id, action, object, before, after).await?;
        Ok(())
    }

    // ---- users ---------------------------------------------------------------------------

    /// The full resource of a SCIM user.
    async fn user_resource(&self, row: &ScimUserRow) -> ScimResult<Value> {
        let mut v: Value = serde_json::from_str(&row.resource).unwrap_or_else(|_| json!({}));
        let groups = self.db().groups_of(self.db().pool(), self.account_id, &row.user_id).await?;
        let obj = v.as_object_mut().expect("object");
        obj.insert("schemas".into(), json!([USER_SCHEMA]));
        obj.insert("id".into(), json!(row.user_id));
        if !groups.is_empty() {
            obj.insert(
                "groups".into(),
                Value::Array(
                    groups
                        .into_iter()
                        .map(|(id, name)| json!({"value": id, "$ref": format!("{}/Groups/{id}", self.base), "display": name, "type": "direct"}))
                        .collect(),
                ),
            );
        }
        obj.insert(
            "meta".into(),
            json!({
                "resourceType": "User",
                "created": rfc3339(row.created_at),
                "lastModified": rfc3339(row.updated_at),
                "location": format!("{}/Users/{}", self.base, row.user_id),
                "version": etag(row.version),
            }),
        );
        Ok(v)
    }

    async fn user_row(&self, id: &str) -> ScimResult<ScimUserRow> {
        self.db().scim_user(self.db().pool(), self.account_id, id).await?.ok_or_else(|| ScimError::not_found(format!("No user {id}")))
    }

    pub async fn get_user(&self, id: &str) -> ScimResult<(Value, i64)> {
        let row = self.user_row(id).await?;
        Ok((self.user_resource(&row).await?, row.version))
    }

    pub async fn create_user(&self, body: &Value) -> ScimResult<(Value, i64)> {
        let attrs = clean(&user_attrs(), body)?;
        let user_name = text(&attrs, &["userName"]).unwrap_or_default();
        let email = person_email(&attrs)?;
        let state = self.state;
        let db = self.db();
        let now = state.clock.unix();
        let account = db.account(self.account_id).await?.ok_or_else(|| ScimError::not_found("No such account"))?;
        let settings = db.sync_settings(self.account_id).await?.ok_or_else(|| ScimError::not_found("No such account"))?;
        let existing = db.user_by_email(email.as_str()).await?;
        let mut tx = db.begin().await?;
        let (user_id, new_person) = match existing {
            Some(u) => {
                match db.membership(&mut *tx, self.account_id, &u.id).await? {
                    Some(_) => {
                        if db.scim_user(&mut *tx, self.account_id, &u.id).await?.is_some() {
                            return Err(ScimError::uniqueness(format!("{} is already a user of this directory", email.as_str())));
                        }
                    }
                    None => {
                        db.insert_membership(&mut *tx, self.account_id, &u.id, "user", now).await?;
                        let m = Mail::DirectoryAdded { account: account.name.clone(), link: state.settings.link("/") };
                        mail::queue(db, &mut tx, &m, &accounts::recipient(&u), now).await?;
                    }
                }
                (u.id, false)
            }
            None => {
                let user = accounts::new_user(state, &email, String::new(), profile(&attrs, &email, &account.country), false, now);
                if let Err(e) = db.insert_user(&mut *tx, &user).await {
                    return Err(if is_unique(&e) { ScimError::conflict("The person was created at the same moment; try again") } else { e.into() });
                }
                db.insert_membership(&mut *tx, self.account_id, &user.id, "user", now).await?;
                (user.id, true)
            }
        };
        let active = active_of(&attrs);
        if !active {
            db.set_suspended(&mut tx, self.account_id, &user_id, Some(now)).await?;
        }
        let resource = Value::Object(attrs.clone()).to_string();
        let emails = emails_index(&attrs);
        let new = NewScimUser {
            account_id: self.account_id,
            user_id: &user_id,
            user_name: &user_name,
            external_id: attrs.get("externalId").and_then(Value::as_str),
            active,
            resource: &resource,
            emails: &emails,
            now,
        };
        if let Err(e) = db.insert_scim_user(&mut tx, &new).await {
            return Err(if is_unique(&e) { ScimError::uniqueness(format!("The userName {user_name} is taken")) } else { e.into() });
        }
        if new_person && active && !settings.linked_sign_in {
            self.invite(&mut tx, &user_id, &account.name, now).await?;
        }
        self.record(&mut tx, "member.added", ("member", &user_id), None, Some(json!({"email": email.as_str(), "user_name": user_name, "active": active})))
            .await?;
        tx.commit().await.map_err(ScimError::from)?;
        state.mail_wake.notify_one();
        self.get_user(&user_id).await
    }

    /// The set-your-password mail of a person the directory created.
    async fn invite(&self, tx: &mut Tx, user_id: &str, account: &str, now: i64) -> ScimResult<()> {
        let db = self.db();
        let Some(user) = db.user_by_id(&mut **tx, user_id).await? else { return Ok(()) };
        let token = new_token();
        db.retire_tokens(&mut **tx, user_id, TokenPurpose::ResetPassword, now).await?;
        db.insert_token(&mut **tx, &token_hash(&token), user_id, TokenPurpose::ResetPassword, now, now + INVITATION_DAYS * 86400).await?;
        let m = Mail::DirectoryInvitation {
            account: account.to_string(),
            link: self.state.settings.link(&format!("/reset-password?token={token}")),
            days: INVITATION_DAYS as u64,
        };
        mail::queue(db, tx, &m, &accounts::recipient(&user), now).await?;
        Ok(())
    }

    /// Writes new attributes of a user (a PUT or a PATCH): the stored resource, and the
    /// suspension when `active` changed (a suspended member holds no seat and waits for none).
    async fn write_user(&self, row: &ScimUserRow, attrs: Map<String, Value>, if_match: Option<&str>) -> ScimResult<(Value, i64)> {
        if let Some(h) = if_match {
            if !scim::etag_matches(h, row.version) {
                return Err(ScimError::precondition());
            }
        }
        let state = self.state;
        let db = self.db();
        let now = state.clock.unix();
        let user_name = text(&attrs, &["userName"]).unwrap_or_default();
        let active = active_of(&attrs);
        let was_active = row.active != 0;
        let mut tx = db.begin().await?;
        let membership = db.membership(&mut *tx, self.account_id, &row.user_id).await?.ok_or_else(|| ScimError::not_found("No such user"))?;
        if !active && membership.role == "primary_admin" {
            return Err(ScimError::mutability("The contract manager cannot be deactivated by the directory: transfer the role in the portal first"));
        }
        let resource = Value::Object(attrs.clone()).to_string();
        let emails = emails_index(&attrs);
        let new = NewScimUser {
            account_id: self.account_id,
            user_id: &row.user_id,
            user_name: &user_name,
            external_id: attrs.get("externalId").and_then(Value::as_str),
            active,
            resource: &resource,
            emails: &emails,
            now,
        };
        match db.update_scim_user(&mut tx, &new, row.version).await {
            Ok(true) => {}
            Ok(false) => return Err(ScimError::precondition()),
            Err(e) if is_unique(&e) => return Err(ScimError::uniqueness(format!("The userName {user_name} is taken"))),
            Err(e) => return Err(e.into()),
        }
        if active != was_active {
            if active {
                db.set_suspended(&mut tx, self.account_id, &row.user_id, None).await?;
                bindings::reconcile(state, &mut tx, self.account_id, &row.user_id, Author::Directory).await?;
                self.record(&mut tx, "member.resumed", ("member", &row.user_id), None, None).await?;
            } else {
                db.set_suspended(&mut tx, self.account_id, &row.user_id, Some(now)).await?;
                let freed = db.drop_all_seats(&mut tx, self.account_id, &row.user_id).await?;
                bindings::reconcile(state, &mut tx, self.account_id, &row.user_id, Author::Directory).await?;
                for s in &freed {
                    bindings::fill(state, &mut tx, self.account_id, s, Author::Directory).await?;
                }
                self.record(&mut tx, "member.suspended", ("member", &row.user_id), None, Some(json!({"seats_freed": freed}))).await?;
            }
        } else {
            self.record(&mut tx, "member.updated", ("member", &row.user_id), None, Some(json!({"user_name": user_name}))).await?;
        }
        tx.commit().await.map_err(ScimError::from)?;
        state.mail_wake.notify_one();
        self.get_user(&row.user_id).await
    }

    pub async fn replace_user(&self, id: &str, body: &Value, if_match: Option<&str>) -> ScimResult<(Value, i64)> {
        let row = self.user_row(id).await?;
        let attrs = clean(&user_attrs(), body)?;
        self.write_user(&row, attrs, if_match).await
    }

    pub async fn patch_user(&self, id: &str, body: &Value, if_match: Option<&str>) -> ScimResult<(Value, i64)> {
        let row = self.user_row(id).await?;
        let ops = scim_patch::operations(body)?;
        let mut attrs: Map<String, Value> = serde_json::from_str(&row.resource).unwrap_or_default();
        scim_patch::apply(&user_attrs(), &mut attrs, &ops)?;
        let attrs = clean(&user_attrs(), &Value::Object(attrs))?;
        self.write_user(&row, attrs, if_match).await
    }

    /// Removes the member from the account (their seats are freed and go to the next waiting).
    pub async fn delete_user(&self, id: &str, if_match: Option<&str>) -> ScimResult<()> {
        let row = self.user_row(id).await?;
        if let Some(h) = if_match {
            if !scim::etag_matches(h, row.version) {
                return Err(ScimError::precondition());
            }
        }
        let state = self.state;
        let db = self.db();
        let now = state.clock.unix();
        let mut tx = db.begin().await?;
        db.touch_teams_of(&mut tx, self.account_id, id, now).await?;
        let freed = db.drop_all_seats(&mut tx, self.account_id, id).await?;
        if db.delete_membership(&mut *tx, self.account_id, id).await? == 0 {
            return Err(ScimError::mutability("The contract manager cannot be removed by the directory: transfer the role in the portal first"));
        }
        for s in &freed {
            bindings::fill(state, &mut tx, self.account_id, s, Author::Directory).await?;
        }
        self.record(&mut tx, "member.removed", ("member", id), Some(json!({"user_name": row.user_name})), None).await?;
        tx.commit().await.map_err(ScimError::from)?;
        state.mail_wake.notify_one();
        Ok(())
    }

    pub async fn list_users(&self, q: &ListQuery) -> ScimResult<Value> {
        let filter = parse_filter(q.filter.as_deref())?;
        let eq = |a: &str, sub: Option<&str>| filter.as_ref().and_then(|f| f.equality(a, sub));
        let (name, external, id, email) = (eq("username", None), eq("externalid", None), eq("id", None), eq("emails", Some("value")));
        let lookup = match (&name, &external, &id, &email) {
            (Some(v), ..) => ScimLookup::UserName(v),
            (_, Some(v), ..) => ScimLookup::ExternalId(v),
            (_, _, Some(v), _) => ScimLookup::Id(v),
            (_, _, _, Some(v)) => ScimLookup::Email(v),
            _ => ScimLookup::All,
        };
        let rows = self.db().scim_users_by(self.account_id, lookup).await?;
        let mut out = Vec::new();
        for row in &rows {
            out.push(self.user_resource(row).await?);
        }
        Ok(page(out, filter.as_ref(), q))
    }

    // ---- groups --------------------------------------------------------------------------

    async fn group_resource(&self, team: &crate::store::accounts::TeamRow, with_members: bool) -> ScimResult<Value> {
        let mut v = json!({
            "schemas": [GROUP_SCHEMA],
            "id": team.id,
            "displayName": team.name,
            "meta": {
                "resourceType": "Group",
                "created": rfc3339(team.created_at),
                "lastModified": rfc3339(team.updated_at.max(team.created_at)),
                "location": format!("{}/Groups/{}", self.base, team.id),
                "version": etag(team.version),
            },
        });
        if let Some(x) = &team.external_id {
            v["externalId"] = json!(x);
        }
        if with_members {
            let members = self.db().group_members(self.db().pool(), &team.id).await?;
            if !members.is_empty() {
                v["members"] = Value::Array(
                    members
                        .into_iter()
                        .map(|(id, _)| json!({"value": id, "$ref": format!("{}/Users/{id}", self.base)}))
                        .collect(),
                );
            }
        }
        Ok(v)
    }

    async fn team_row(&self, id: &str) -> ScimResult<crate::store::accounts::TeamRow> {
        self.db()
            .synced_teams(self.account_id, ScimLookup::Id(id))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| ScimError::not_found(format!("No group {id}")))
    }

    pub async fn get_group(&self, id: &str, selection: &Selection) -> ScimResult<(Value, i64)> {
        let team = self.team_row(id).await?;
        Ok((self.group_resource(&team, !selection.excludes("members")).await?, team.version))
    }

    /// The member ids named in a `members` value, each a SCIM user of this account.
    async fn member_ids(&self, tx: &mut Tx, v: Option<&Value>) -> ScimResult<Vec<String>> {
        let items: Vec<&Value> = match v {
            None | Some(Value::Null) => vec![],
            Some(Value::Array(a)) => a.iter().collect(),
            Some(o @ Value::Object(_)) => vec![o],
            Some(_) => return Err(ScimError::invalid_value("members is a list of {\"value\": user id}")),
        };
        let mut ids = Vec::new();
        for i in items {
            let id = get_ci(i, "value").and_then(Value::as_str).ok_or_else(|| ScimError::invalid_value("A member needs a value (a user id)"))?;
            if !ids.iter().any(|x| x == id) {
                ids.push(id.to_string());
            }
        }
        let known = self.db().scim_user_ids_among(tx, self.account_id, &ids).await?;
        if let Some(unknown) = ids.iter().find(|i| !known.contains(i)) {
            return Err(ScimError::invalid_value(format!("{unknown} is not a user of this directory")));
        }
        Ok(ids)
    }

    async fn join(&self, tx: &mut Tx, team_id: &str, user_id: &str, now: i64) -> ScimResult<()> {
        if self.db().add_team_member(&mut **tx, self.account_id, team_id, user_id, now).await? {
            self.record(tx, "team.member_added", ("team", team_id), None, Some(json!({"user_id": user_id}))).await?;
            bindings::reconcile(self.state, tx, self.account_id, user_id, Author::Directory).await?;
        }
        Ok(())
    }

    async fn leave(&self, tx: &mut Tx, team_id: &str, user_id: &str) -> ScimResult<()> {
        if self.db().remove_team_member(&mut **tx, self.account_id, team_id, user_id).await? {
            self.record(tx, "team.member_removed", ("team", team_id), Some(json!({"user_id": user_id})), None).await?;
            bindings::reconcile(self.state, tx, self.account_id, user_id, Author::Directory).await?;
        }
        Ok(())
    }

    pub async fn create_group(&self, body: &Value) -> ScimResult<(Value, i64)> {
        let attrs = clean(&group_attrs(), body)?;
        let name = text(&attrs, &["displayName"]).unwrap_or_default();
        if name.chars().count() > 100 {
            return Err(ScimError::invalid_value("displayName is at most 100 characters"));
        }
        let state = self.state;
        let db = self.db();
        let now = state.clock.unix();
        let id = uuid::Uuid::new_v4().to_string();
        let mut tx = db.begin().await?;
        if db.team_name_taken(&mut tx, self.account_id, &name, "").await? {
            return Err(ScimError::uniqueness(format!("A team named {name} exists")));
        }
        let external = attrs.get("externalId").and_then(Value::as_str);
        if let Err(e) = db.insert_synced_team(&mut tx, &id, self.account_id, &name, external, now).await {
            return Err(if is_unique(&e) { ScimError::uniqueness(format!("A team named {name} exists")) } else { e.into() });
        }
        self.record(&mut tx, "team.created", ("team", &id), None, Some(json!({"name": name, "synced": true}))).await?;
        for m in self.member_ids(&mut tx, attrs.get("members")).await? {
            self.join(&mut tx, &id, &m, now).await?;
        }
        tx.commit().await.map_err(ScimError::from)?;
        state.mail_wake.notify_one();
        self.get_group(&id, &Selection::default()).await
    }

    pub async fn replace_group(&self, id: &str, body: &Value, if_match: Option<&str>) -> ScimResult<(Value, i64)> {
        let attrs = clean(&group_attrs(), body)?;
        let name = text(&attrs, &["displayName"]).unwrap_or_default();
        let state = self.state;
        let db = self.db();
        let now = state.clock.unix();
        let team = self.team_row(id).await?;
        let mut tx = db.begin().await?;
        self.update_group_row(&mut tx, &team, &name, attrs.get("externalId").and_then(Value::as_str), now, if_match).await?;
        let wanted = self.member_ids(&mut tx, attrs.get("members")).await?;
        self.set_members(&mut tx, id, &wanted, now).await?;
        tx.commit().await.map_err(ScimError::from)?;
        state.mail_wake.notify_one();
        self.get_group(id, &Selection::default()).await
    }

    async fn update_group_row(&self, tx: &mut Tx, team: &crate::store::accounts::TeamRow, name: &str, external: Option<&str>, now: i64, if_match: Option<&str>) -> ScimResult<()> {
        let expected = match if_match {
            Some(h) if !scim::etag_matches(h, team.version) => return Err(ScimError::precondition()),
            Some(h) if h.trim() != "*" => Some(team.version),
            _ => None,
        };
        if name.chars().count() > 100 {
            return Err(ScimError::invalid_value("displayName is at most 100 characters"));
        }
        if self.db().team_name_taken(tx, self.account_id, name, &team.id).await? {
            return Err(ScimError::uniqueness(format!("A team named {name} exists")));
        }
        match self.db().touch_team(tx, self.account_id, &team.id, name, external, now, expected).await {
            Ok(true) => {}
            Ok(false) => return Err(ScimError::precondition()),
            Err(e) if is_unique(&e) => return Err(ScimError::uniqueness(format!("A team named {name} exists"))),
            Err(e) => return Err(e.into()),
        }
        if name != team.name {
            self.record(tx, "team.renamed", ("team", &team.id), Some(json!({"name": team.name})), Some(json!({"name": name}))).await?;
        }
        Ok(())
    }

    async fn set_members(&self, tx: &mut Tx, team_id: &str, wanted: &[String], now: i64) -> ScimResult<()> {
        let current: Vec<String> = self.db().group_members(&mut **tx, team_id).await?.into_iter().map(|(id, _)| id).collect();
        for gone in current.iter().filter(|c| !wanted.contains(c)) {
            self.leave(tx, team_id, gone).await?;
        }
        for new in wanted.iter().filter(|w| !current.contains(w)) {
            self.join(tx, team_id, new, now).await?;
        }
        Ok(())
    }

    /// A group PATCH. Member changes touch only the members named, never the whole list: adding
    /// one member to a group of 10,000 costs what adding one to a group of 10 does.
    pub async fn patch_group(&self, id: &str, body: &Value, if_match: Option<&str>) -> ScimResult<i64> {
        let ops = scim_patch::operations(body)?;
        let state = self.state;
        let db = self.db();
        let now = state.clock.unix();
        let team = self.team_row(id).await?;
        let mut tx = db.begin().await?;
        // The rest of the group (name, externalId) as attributes, patched like a user's.
        let mut attrs = Map::new();
        attrs.insert("displayName".into(), json!(team.name));
        if let Some(x) = &team.external_id {
            attrs.insert("externalId".into(), json!(x));
        }
        let mut other = Vec::new();
        let mut add = Vec::new();
        let mut remove = Vec::new();
        let mut replace: Option<Vec<String>> = None;
        for op in ops {
            let on_members = op.path.as_ref().is_some_and(|p| p.attr == "members");
            if on_members {
                let p = op.path.as_ref().expect("path");
                match (op.op, &p.filter) {
                    (PatchOp::Remove, Some(f)) => {
                        // `members[value eq "id"]`: the ids the filter names (or every member it matches).
                        match f.equality("value", None) {
                            Some(v) => remove.push(v),
                            None => {
                                for (m, name) in db.group_members(&mut *tx, id).await? {
                                    if f.matches(&json!({"value": m, "display": name})) {
                                        remove.push(m);
                                    }
                                }
                            }
                        }
                    }
                    (PatchOp::Remove, None) => match &op.value {
                        Some(v) if !v.is_null() => remove.extend(self.member_ids_loose(v)?),
                        _ => replace = Some(vec![]),
                    },
                    (PatchOp::Add, None) => add.extend(self.member_ids(&mut tx, op.value.as_ref()).await?),
                    (PatchOp::Replace, None) => replace = Some(self.member_ids(&mut tx, op.value.as_ref()).await?),
                    _ => return Err(ScimError::invalid_path("Members are added, replaced or removed as a whole or by members[value eq \"id\"]")),
                }
                continue;
            }
            if op.path.is_none() {
                // A whole-resource value may carry members too.
                if let Some(Value::Object(o)) = &op.value {
                    if let Some((_, m)) = o.iter().find(|(k, _)| k.eq_ignore_ascii_case("members")) {
                        let ids = self.member_ids(&mut tx, Some(m)).await?;
                        match op.op {
                            PatchOp::Replace => replace = Some(ids),
                            _ => add.extend(ids),
                        }
                    }
                }
            }
            other.push(op);
        }
        scim_patch::apply(&group_attrs(), &mut attrs, &other)?;
        attrs.remove("members");
        let attrs = clean(&group_attrs(), &Value::Object(attrs))?;
        let name = text(&attrs, &["displayName"]).unwrap_or_default();
        self.update_group_row(&mut tx, &team, &name, attrs.get("externalId").and_then(Value::as_str), now, if_match).await?;
        if let Some(all) = replace {
            self.set_members(&mut tx, id, &all, now).await?;
        }
        for m in remove {
            self.leave(&mut tx, id, &m).await?;
        }
        for m in add {
            self.join(&mut tx, id, &m, now).await?;
        }
        tx.commit().await.map_err(ScimError::from)?;
        state.mail_wake.notify_one();
        Ok(team.version + 1)
    }

    fn member_ids_loose(&self, v: &Value) -> ScimResult<Vec<String>> {
        let items: Vec<&Value> = match v {
            Value::Array(a) => a.iter().collect(),
            o => vec![o],
        };
        items
            .into_iter()
            .map(|i| get_ci(i, "value").and_then(Value::as_str).map(str::to_string).ok_or_else(|| ScimError::invalid_value("A member needs a value")))
            .collect()
    }

    /// Deletes the team: its members stay in the account; seats its bindings gave are freed.
    pub async fn delete_group(&self, id: &str, if_match: Option<&str>) -> ScimResult<()> {
        let team = self.team_row(id).await?;
        if let Some(h) = if_match {
            if !scim::etag_matches(h, team.version) {
                return Err(ScimError::precondition());
            }
        }
        let state = self.state;
        let db = self.db();
        let mut tx = db.begin().await?;
        let members = db.team_member_ids(&mut tx, id).await?;
        db.delete_team(&mut *tx, self.account_id, id).await?;
        bindings::reconcile_all(state, &mut tx, self.account_id, &members, Author::Directory).await?;
        self.record(&mut tx, "team.deleted", ("team", id), Some(json!({"name": team.name})), None).await?;
        tx.commit().await.map_err(ScimError::from)?;
        state.mail_wake.notify_one();
        Ok(())
    }

    pub async fn list_groups(&self, q: &ListQuery) -> ScimResult<Value> {
        let filter = parse_filter(q.filter.as_deref())?;
        let eq = |a: &str| filter.as_ref().and_then(|f| f.equality(a, None));
        let (name, external, id) = (eq("displayname"), eq("externalid"), eq("id"));
        let lookup = match (&name, &external, &id) {
            (Some(v), ..) => ScimLookup::UserName(v),
            (_, Some(v), _) => ScimLookup::ExternalId(v),
            (_, _, Some(v)) => ScimLookup::Id(v),
            _ => ScimLookup::All,
        };
        // Members are read only when returned or filtered on.
        let members_needed = !q.selection.excludes("members") || q.filter.as_deref().is_some_and(|f| f.to_lowercase().contains("members"));
        let teams = self.db().synced_teams(self.account_id, lookup).await?;
        let mut out = Vec::new();
        for t in &teams {
            out.push(self.group_resource(t, members_needed).await?);
        }
        Ok(page(out, filter.as_ref(), q))
    }
}

fn parse_filter(f: Option<&str>) -> ScimResult<Option<Filter>> {
    match f.map(str::trim).filter(|f| !f.is_empty()) {
        None => Ok(None),
        Some(f) => scim_filter::parse(f).map(Some).map_err(|e| ScimError::invalid_filter(format!("The filter has {e}"))),
    }
}

/// Filters, pages (1-based startIndex) and selects attributes.
fn page(all: Vec<Value>, filter: Option<&Filter>, q: &ListQuery) -> Value {
    let matching: Vec<Value> = all.into_iter().filter(|r| filter.is_none_or(|f| f.matches(r))).collect();
    let total = matching.len();
    let start = q.start_index.unwrap_or(1).max(1) as usize;
    let count = q.count.unwrap_or(scim::MAX_RESULTS as i64).clamp(0, scim::MAX_RESULTS as i64) as usize;
    let resources: Vec<Value> = matching.into_iter().skip(start - 1).take(count).map(|r| q.selection.apply(r)).collect();
    scim::list_response(resources, total, start)
}
