//! Demo data, created once on an empty database through the same code as real use: sign-ups,
//! the vendor's provisioning, invitations accepted through their links, seat assignments.

pub mod usage;

use seatwise_api::{CreateAccountRequest, CreateContractRequest, CreateSubscriptionRequest, LicenceType, MemberRole, Term};

use crate::{
    domain::{
        accounts::{self, SignUp},
        catalogue::{self, Staff},
        prices,
        invitations::{self, NewInvitation, NewPerson},
        membership::{self, Actor},
        Country, Email, Locale, Password, PersonName,
    },
    http::vendor,
    state::AppState,
    store::vendor::ProductRow,
};

/// The demo sign-ins: (email, password, first name, last name, country, language).
pub const DEMO_USERS: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("alex.morgan@example.com", DEMO_PASSWORD, "Alex", "Morgan", "GB", "en"),
    ("mei.lin@example.com", DEMO_PASSWORD, "美玲", "林", "TW", "zh-TW"),
    ("ana.novak@example.com", DEMO_PASSWORD, "Ana", "Novak", "SI", "sl"),
    ("vendor.admin@example.com", DEMO_PASSWORD, "Vera", "Vendor", "SI", "en"),
];

pub const DEMO_PASSWORD: &str = "Demo-Seatwise-2026";
/// Vendor staff always use 2-step verification: the demo's staff sign-in has an authenticator
/// app set up with this published key (base 32), as the demo password is published.
pub const DEMO_VENDOR_TOTP_KEY: &str = "SEATWISEDEMOVENDORSTAFFKEYZZZZZZ";
/// Who is what in the demo.
pub const DEMO_ROLES: &[(&str, &str)] = &[
    ("alex.morgan@example.com", "contract manager (primary admin) of Northwind Engineering"),
    ("ana.novak@example.com", "secondary admin of Northwind Engineering"),
    ("mei.lin@example.com", "contract manager of 台灣營造股份有限公司"),
    ("vendor.admin@example.com", "vendor staff (back office)"),
];

const TEAMS: &[&str] = &[
    "Architecture", "Structural", "MEP", "Civil", "Interiors", "Landscape", "BIM coordination",
    "Visualisation", "Site engineering", "Estimating", "IT", "Management",
];
const FIRST: &[&str] = &[
    "Luka", "Nika", "Jan", "Eva", "Žiga", "Maja", "Matej", "Sara", "Nejc", "Lara", "Tilen", "Zala",
    "Rok", "Ana", "Gašper", "Pia", "Anže", "Tina", "Jure", "Špela",
];
const LAST: &[&str] = &[
    "Novak", "Horvat", "Kovačič", "Krajnc", "Zupančič", "Potočnik", "Kovač", "Mlakar", "Kos",
    "Vidmar", "Golob", "Turk", "Božič", "Kralj", "Zupan", "Bizjak", "Hribar", "Korošec",
];
/// Members of the large demo account besides its admins.
pub const DEMO_MEMBERS: usize = 312;

/// The demo sign-ins in this database that still open with the published demo password.
/// Production refuses to start while there are any.
pub async fn usable_demo_sign_ins(db: &crate::store::Db, hasher: &crate::domain::PasswordHasher) -> anyhow::Result<Vec<String>> {
    let mut usable = vec![];
    for (email, ..) in DEMO_USERS {
        if let Some(u) = db.user_by_email(email).await? {
            let hasher = hasher.clone();
            let hash = u.password_hash.clone();
            if tokio::task::spawn_blocking(move || hasher.verify(DEMO_PASSWORD, Some(&hash))).await? {
                usable.push(email.to_string());
            }
        }
    }
    Ok(usable)
}

/// Locks every account that signs in with the demo password (the demo sign-ins and the
/// generated members, who share its hash) and ends their sessions. Returns how many.
pub async fn disable_demo_accounts(db: &crate::store::Db, hasher: &crate::domain::PasswordHasher) -> anyhow::Result<u64> {
    let mut locked = 0;
    for (email, ..) in DEMO_USERS {
        let Some(u) = db.user_by_email(email).await? else { continue };
        let (h, hash) = (hasher.clone(), u.password_hash.clone());
        if tokio::task::spawn_blocking(move || h.verify(DEMO_PASSWORD, Some(&hash))).await? {
            locked += db.lock_out_password_hash(&u.password_hash).await?;
        }
    }
    Ok(locked)
}

fn bad(e: impl std::fmt::Debug) -> anyhow::Error {
    anyhow::anyhow!("demo data: {e:?}")
}

pub async fn seed_demo(state: &AppState) -> anyhow::Result<()> {
    if state.db.count_users().await? > 0 {
        tracing::info!("demo data: the database already has accounts; nothing added");
        return Ok(());
    }
    // Everyone in the demo has the same password: hash it once.
    let hash = state.hash_password(DEMO_PASSWORD.to_string()).await?;
    for (email, password, first, last, country, locale) in DEMO_USERS {
        let input = SignUp {
            email: Email::parse(email).map_err(bad)?,
            password: Password::parse(password).map_err(bad)?,
            first_name: PersonName::parse(first).map_err(bad)?,
            last_name: PersonName::parse(last).map_err(bad)?,
            country: Country::parse(country).map_err(bad)?,
            locale: Locale::parse(locale).map_err(bad)?,
            password_hash: Some(hash.clone()),
        };
        accounts::sign_up(state, input, true).await.map_err(|e| anyhow::anyhow!("{email}: {e}"))?;
    }
    state.db.grant_vendor_staff("vendor.admin@example.com").await?;
    let staff = state.db.user_by_email("vendor.admin@example.com").await?.ok_or_else(|| bad("no vendor"))?;
    let now = state.clock.unix();
    if !state.db.start_totp_setup(&staff.id, DEMO_VENDOR_TOTP_KEY, now).await? || !state.db.enable_totp(state.db.pool(), &staff.id, now).await? {
        return Err(bad("the demo staff's authenticator app"));
    }

    // The catalogue.
    let mut products = vec![];
    for (code, name, kind) in [
        ("AEC-COLL", "Engineering & Construction Collection", "collection"),
        ("DRAFTLINE", "Draftline CAD", "product"),
        ("STRUCTA", "Structa BIM", "product"),
        ("CIVIS", "Civis Infrastructure", "product"),
        ("RENDERA", "Rendera Visualisation", "product"),
        ("TERRA", "Terra Survey", "product"),
    ] {
        let p = ProductRow { id: uuid::Uuid::new_v4().to_string(), code: code.into(), name: name.into(), kind: kind.into() };
        let mut tx = state.db.begin().await?;
        state.db.insert_product(&mut *tx, &p, state.clock.unix()).await?;
        tx.commit().await?;
        products.push(p);
    }
    seed_catalogue(state, &staff, &products).await?;
    seed_prices(state, &staff, &products).await?;

    // Northwind: a large account.
    let (northwind, token) = vendor::provision_account(state, &staff, "", &CreateAccountRequest {
        name: "Northwind Engineering d.o.o.".into(),
        country: "SI".into(),
        manager_email: "alex.morgan@example.com".into(),
        manager_first_name: "Alex".into(),
        manager_last_name: "Morgan".into(),
        manager_locale: Some("en".into()),
    })
    .await
    .map_err(bad)?;
    let alex = state.db.user_by_email("alex.morgan@example.com").await?.ok_or_else(|| bad("alex"))?;
    invitations::accept(state, &token, Some(alex.clone()), None).await.map_err(bad)?;
    // The vendor allows Northwind directory sync (SCIM) without the premium plan.
    crate::http::directory::set_allowed(state, &staff, "", &northwind.id, true).await.map_err(bad)?;
    // Terms around today, so that the demo stays current: Northwind's year began eight months
    // ago; the Taiwanese contract ends in six days.
    let today = state.clock.now().date();
    let iso = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let year_later = |d: time::Date| d.replace_year(d.year() + 1).unwrap_or(d + time::Duration::days(365)) - time::Duration::days(1);
    let mut nw_start = today.replace_day(1).map_err(bad)?;
    for _ in 0..8 {
        nw_start = (nw_start - time::Duration::days(1)).replace_day(1).map_err(bad)?;
    }
    let tw_end = today + time::Duration::days(6);
    let tw_start = tw_end.replace_year(tw_end.year() - 1).unwrap_or(tw_end - time::Duration::days(365)) + time::Duration::days(1);
    let contract = vendor::add_contract(state, &staff, "", &northwind.id, &CreateContractRequest {
        number: "110001234567".into(),
        start_date: iso(nw_start),
        end_date: iso(year_later(nw_start)),
        partner_name: "CADPartner d.o.o.".into(),
        partner_email: "renewals@cadpartner.example".into(),
        partner_phone: "+386 1 600 7000".into(),
        currency: "EUR".into(),
    })
    .await
    .map_err(bad)?;
    let mut subs = vec![];
    for (product, licence, seats, term) in [
        (0, LicenceType::NamedUser, 250, Term::OneYear),
        (1, LicenceType::NamedUser, 40, Term::ThreeYears),
        (2, LicenceType::MultiUserNetwork, 10, Term::OneYear),
        (4, LicenceType::Standalone, 5, Term::Monthly),
    ] {
        let s = vendor::add_subscription(state, &staff, "", &contract.id, &CreateSubscriptionRequest {
            product_id: products[product].id.clone(),
            licence_type: licence,
            seats,
            term,
            start_date: contract.start_date.clone(),
            end_date: contract.end_date.clone(),
            // Sold by a partner: the partner renews it, never automatically here.
            auto_renew: false,
            cloud_credits: 5_000,
        })
        .await
        .map_err(bad)?;
        subs.push(s);
    }

    let account = state.db.account(&northwind.id).await?.ok_or_else(|| bad("account"))?;
    let actor = Actor { user: alex.clone(), account: account.clone(), role: MemberRole::PrimaryAdmin, ip: String::new() };
    let mut team_ids = vec![];
    for name in TEAMS {
        let id = uuid::Uuid::new_v4().to_string();
        let mut tx = state.db.begin().await?;
        state.db.insert_team(&mut *tx, &id, &account.id, name, state.clock.unix()).await?;
        actor.record(state, &mut tx, "team.created", ("team", &id), None, Some(serde_json::json!({"name": name}))).await.map_err(bad)?;
        tx.commit().await?;
        team_ids.push(id);
    }

    // Ana joins as secondary admin; then the staff, each accepting their invitation.
    let ana = state.db.user_by_email("ana.novak@example.com").await?.ok_or_else(|| bad("ana"))?;
    let mut people: Vec<(NewInvitation, Option<crate::store::users::UserRow>)> = vec![(
        NewInvitation {
            email: Email::parse(&ana.email).map_err(bad)?,
            first_name: PersonName::parse(&ana.first_name).map_err(bad)?,
            last_name: PersonName::parse(&ana.last_name).map_err(bad)?,
            role: MemberRole::SecondaryAdmin,
            team_id: Some(team_ids[11].clone()),
            subscription_ids: vec![subs[0].id.clone()],
            locale: Locale::parse("sl").map_err(bad)?,
        },
        Some(ana),
    )];
    for i in 0..DEMO_MEMBERS {
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i / FIRST.len() + i) % LAST.len()];
        let email = format!("{}.{}{}@northwind.example", ascii(first), ascii(last), i + 1);
        // Most people hold the collection; the first teams use the other products too.
        let mut subscription_ids = vec![];
        if i < 230 {
            subscription_ids.push(subs[0].id.clone());
        }
        if i % 8 == 0 {
            subscription_ids.push(subs[1].id.clone());
        }
        people.push((
            NewInvitation {
                email: Email::parse(&email).map_err(bad)?,
                first_name: PersonName::parse(first).map_err(bad)?,
                last_name: PersonName::parse(last).map_err(bad)?,
                role: MemberRole::User,
                team_id: Some(team_ids[i % team_ids.len()].clone()),
                subscription_ids,
                locale: Locale::parse("sl").map_err(bad)?,
            },
            None,
        ));
    }
    for (inv, existing) in people {
        let mut tx = state.db.begin().await?;
        let (row, token) = invitations::invite(state, &mut tx, &account, Some(&alex), &inv).await.map_err(bad)?;
        actor.record(state, &mut tx, "invitation.sent", ("invitation", &row.id), None, Some(serde_json::json!({"email": row.email}))).await.map_err(bad)?;
        tx.commit().await?;
        let person = match existing {
            Some(_) => None,
            None => Some(NewPerson {
                first_name: inv.first_name.clone(),
                last_name: inv.last_name.clone(),
                country: Country::parse("SI").map_err(bad)?,
                password: Password::parse(DEMO_PASSWORD).map_err(bad)?,
                locale: inv.locale,
                password_hash: Some(hash.clone()),
            }),
        };
        invitations::accept(state, &token, existing, person).await.map_err(bad)?;
    }
    // The network licence: a few seats for the structural team through the same seat switch.
    let structural = state
        .db
        .list_members(&account.id, &crate::store::accounts::MemberFilter { team: Some(Some(team_ids[1].clone())), limit: 8, ..Default::default() })
        .await?;
    for m in structural {
        membership::set_assignment(state, &actor, &m.user_id, &subs[2].id, true).await.map_err(bad)?;
    }

    seed_requests(state, &staff, &alex, &account.id, &subs).await?;
    usage::seed_usage(state, &account.id).await?;

    // A small account in Taiwan.
    let (taiwan, token) = vendor::provision_account(state, &staff, "", &CreateAccountRequest {
        name: "台灣營造股份有限公司".into(),
        country: "TW".into(),
        manager_email: "mei.lin@example.com".into(),
        manager_first_name: "美玲".into(),
        manager_last_name: "林".into(),
        manager_locale: Some("zh-TW".into()),
    })
    .await
    .map_err(bad)?;
    let mei = state.db.user_by_email("mei.lin@example.com").await?.ok_or_else(|| bad("mei"))?;
    invitations::accept(state, &token, Some(mei.clone()), None).await.map_err(bad)?;
    let contract = vendor::add_contract(state, &staff, "", &taiwan.id, &CreateContractRequest {
        number: "110009876543".into(),
        start_date: iso(tw_start),
        end_date: iso(tw_end),
        partner_name: String::new(),
        partner_email: String::new(),
        partner_phone: String::new(),
        currency: "TWD".into(),
    })
    .await
    .map_err(bad)?;
    for (product, seats) in [(1, 3), (3, 2)] {
        vendor::add_subscription(state, &staff, "", &contract.id, &CreateSubscriptionRequest {
            product_id: products[product].id.clone(),
            licence_type: LicenceType::NamedUser,
            seats,
            term: Term::OneYear,
            start_date: contract.start_date.clone(),
            end_date: contract.end_date.clone(),
            auto_renew: false,
            cloud_credits: 2_000,
        })
        .await
        .map_err(bad)?;
    }
    let taiwan_account = state.db.account(&taiwan.id).await?.ok_or_else(|| bad("taiwan"))?;
    let mei_admin = Actor { user: mei, account: taiwan_account, role: MemberRole::PrimaryAdmin, ip: String::new() };
    seed_online_contract(state, &staff, &mei_admin, &products, &people_with_seats(state, &taiwan.id).await?).await?;
    tracing::info!(members = DEMO_MEMBERS + 2, "demo data created");
    Ok(())
}

async fn people_with_seats(state: &AppState, account: &str) -> anyhow::Result<Vec<String>> {
    let members = state.db.list_members(account, &crate::store::accounts::MemberFilter { limit: 6, ..Default::default() }).await?;
    Ok(members.into_iter().map(|m| m.user_id).collect())
}

/// The Taiwanese account's second contract, bought online: subscriptions in more states of the
/// renewal FAQ, made by the same calls as real ones (its first contract, ending in six days
/// without auto-renew, is in the renewal window). One ends in 45 days with auto-renew on (in
/// the window, renewing by itself), one network licence runs for months (eligible for the
/// 2-for-1 trade-in at renewal), and one ended 20 days ago: the renewal job lets it expire, as
/// it would any other. A collection that ended in 120 days has its billing date aligned with
/// the network licence's (both yearly), so both renew in 200 days: one invoice for its 80 days.
async fn seed_online_contract(
    state: &AppState,
    staff: &crate::store::users::UserRow,
    admin: &Actor,
    products: &[ProductRow],
    members: &[String],
) -> anyhow::Result<()> {
    let bad = |e: crate::error::AppError| anyhow::anyhow!("demo data: {e:?}");
    let today = state.clock.now().date();
    let iso = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let start = today - time::Duration::days(300);
    let contract = vendor::add_contract(state, staff, "", &admin.account.id, &CreateContractRequest {
        number: "110009871111".into(),
        start_date: iso(start),
        end_date: iso(today + time::Duration::days(200)),
        partner_name: String::new(),
        partner_email: String::new(),
        partner_phone: String::new(),
        currency: "TWD".into(),
    })
    .await
    .map_err(bad)?;
    let mut subs = vec![];
    for (product, licence, seats, ends_in, term, auto_renew) in [
        (5, LicenceType::NamedUser, 12, 45, Term::OneYear, true),
        (2, LicenceType::MultiUserNetwork, 4, 200, Term::OneYear, true),
        (4, LicenceType::NamedUser, 3, -20, Term::OneYear, false),
        (0, LicenceType::NamedUser, 5, 120, Term::OneYear, true),
    ] {
        let end = today + time::Duration::days(ends_in);
        let begin = crate::domain::money::add_months(end, -12);
        let s = vendor::add_subscription(state, staff, "", &contract.id, &CreateSubscriptionRequest {
            product_id: products[product].id.clone(),
            licence_type: licence,
            seats,
            term,
            start_date: iso(begin),
            end_date: iso(end),
            auto_renew,
            cloud_credits: 10_000,
        })
        .await
        .map_err(bad)?;
        subs.push(s);
    }
    // A few seats in use, through the same switch the users page uses.
    for user in members {
        for sub in [&subs[0], &subs[2]] {
            membership::set_assignment(state, admin, user, &sub.id, true).await.map_err(bad)?;
        }
    }
    // The collection renews with the network licence from now on, through the admins' own call.
    let aligned = seatwise_api::AlignRequest { subscription_ids: vec![subs[3].id.clone(), subs[1].id.clone()], po_number: "PO-TW-0042".into() };
    crate::domain::billing::align(state, admin, &aligned).await.map_err(bad)?;
    // The one that ended 20 days ago expires (its assignments stay, shown as expired).
    crate::jobs::renewals::run_once(state).await?;
    Ok(())
}

/// Alex's address, and two licence requests in the vendor's queue (one waiting, one approved),
/// through the same handlers the app calls.
async fn seed_requests(
    state: &AppState,
    staff: &crate::store::users::UserRow,
    alex: &crate::store::users::UserRow,
    account: &str,
    subs: &[seatwise_api::Subscription],
) -> anyhow::Result<()> {
    use axum::extract::State;
    use crate::http::extract::ApiPath as Path;
    use seatwise_api::{CreateLicenceRequest, RequestKind, RequestStatus, ShippingAddress, UpdateMeRequest, UpdateRequestStatus};

    use crate::http::{extract::{ApiJson, ClientInfo, CurrentUser}, me, requests};
    let as_user = |u: &crate::store::users::UserRow| CurrentUser { user: u.clone(), session_hash: String::new(), session_id: String::new(), authenticated_at: 0, two_step_setup_required: false };
    let client = || ClientInfo { ip: String::new(), user_agent: String::new() };
    let _ = me::update_me(State(state.clone()), as_user(alex), ApiJson(UpdateMeRequest {
        street: Some("Dunajska cesta 156".into()),
        city: Some("Ljubljana".into()),
        postcode: Some("1000".into()),
        phone: Some("+386 1 555 0100".into()),
        company: Some("Northwind Engineering d.o.o.".into()),
        ..Default::default()
    }))
    .await
    .map_err(bad)?;
    let alex = state.db.user_by_id(state.db.pool(), &alex.id).await?.ok_or_else(|| bad("alex"))?;
    let ask = |kind, product: &str, subscription: &str, version: &str, shipping: Option<ShippingAddress>| CreateLicenceRequest {
        kind,
        product_code: product.into(),
        subscription_id: subscription.into(),
        version: Some(version.into()),
        language: shipping.as_ref().map(|_| "sl".into()),
        shipping,
        host_name: None,
        host_id: None,
        note: String::new(),
    };
    // Rendera's standalone licence: version 2025, waiting for the vendor.
    let _ = requests::create_request(State(state.clone()), as_user(&alex), client(), Path(account.to_string()),
        ApiJson(ask(RequestKind::PreviousVersion, "RENDERA", &subs[3].id, "2025", None)))
        .await
        .map_err(bad)?;
    // Draftline on DVD for the site office, approved.
    let shipping = ShippingAddress {
        name: "Alex Morgan".into(),
        company: "Northwind Engineering d.o.o.".into(),
        street: "Dunajska cesta 156".into(),
        postal_code: "1000".into(),
        city: "Ljubljana".into(),
        country: "SI".into(),
        phone: "+386 1 555 0100".into(),
    };
    let (_, axum::Json(media)) = requests::create_request(State(state.clone()), as_user(&alex), client(), Path(account.to_string()),
        ApiJson(ask(RequestKind::PhysicalMedia, "DRAFTLINE", &subs[1].id, "2027", Some(shipping))))
        .await
        .map_err(bad)?;
    let _ = requests::update_request_status(State(state.clone()), as_user(staff), client(), Path(media.id),
        ApiJson(UpdateRequestStatus { status: RequestStatus::Approved, serial_number: None, tracking_number: None, reason: None }))
        .await
        .map_err(bad)?;
    Ok(())
}

/// Product details, releases and small real files, through the back office's code.
/// The price book, through the back office's own code. Renewing costs less than buying anew (the
/// renewal FAQ's AutoCAD LT: 420 a year, 1,179 for three years, 1,310 for a new three-year
/// term, in USD per seat); a network seat costs two named-user seats (the 2-for-1 trade-in);
/// one renewal price goes up in two months.
async fn seed_prices(state: &AppState, staff: &crate::store::users::UserRow, products: &[ProductRow]) -> anyhow::Result<()> {
    use seatwise_api::{NewPriceRequest, PriceKind};
    let who = Staff { user: staff, ip: "" };
    // One year's renewal in whole US dollars.
    let yearly: &[(&str, i64)] = &[("AEC-COLL", 3675), ("DRAFTLINE", 420), ("STRUCTA", 2910), ("CIVIS", 2825), ("RENDERA", 1000), ("TERRA", 545)];
    // Whole units of each currency per US dollar, as hundredths.
    let rates: &[(&str, i64)] = &[("USD", 100), ("EUR", 92), ("TWD", 3100)];
    let round = |n: i64, d: i64| (2 * n + d) / (2 * d);
    for (code, usd) in yearly {
        let p = products.iter().find(|p| p.code == *code).ok_or_else(|| bad(code))?;
        let renew_3y = round(usd * 1179, 420);
        let renewal = [(Term::Monthly, round(usd * 125, 1200)), (Term::OneYear, *usd), (Term::ThreeYears, renew_3y)];
        for (term, renew) in renewal {
            let new = match term {
                Term::ThreeYears => round(renew * 1310, 1179),
                _ => round(renew * 110, 100),
            };
            for licence_type in LicenceType::ALL {
                let seat = if licence_type == LicenceType::MultiUserNetwork { 2 } else { 1 };
                for (currency, rate) in rates {
                    for (kind, units) in [(PriceKind::Renewal, renew), (PriceKind::New, new)] {
                        let req = NewPriceRequest {
                            product_id: p.id.clone(),
                            licence_type,
                            term,
                            kind,
                            currency: currency.to_string(),
                            amount_minor: round(units * seat * rate, 100) * 100,
                            effective_from: crate::domain::products::today(state),
                        };
                        prices::add_price(state, &who, &req).await.map_err(bad)?;
                    }
                }
            }
        }
    }
    let draftline = products.iter().find(|p| p.code == "DRAFTLINE").ok_or_else(|| bad("DRAFTLINE"))?;
    let later = state.clock.now().date() + time::Duration::days(60);
    prices::add_price(state, &who, &NewPriceRequest {
        product_id: draftline.id.clone(),
        licence_type: LicenceType::NamedUser,
        term: Term::OneYear,
        kind: PriceKind::Renewal,
        currency: "USD".into(),
        amount_minor: 44_500,
        effective_from: format!("{:04}-{:02}-{:02}", later.year(), u8::from(later.month()), later.day()),
    })
    .await
    .map_err(bad)?;
    Ok(())
}

async fn seed_catalogue(state: &AppState, staff: &crate::store::users::UserRow, products: &[ProductRow]) -> anyhow::Result<()> {
    use seatwise_api::{CreateReleaseRequest, FileKind, Platform, UpdateProductRequest, UploadFileQuery};
    let who = Staff { user: staff, ip: "" };
    let details: &[(&str, &str, &str, u32, &[&str])] = &[
        ("AEC-COLL", "AEC", "Draftline, Structa and Civis in one subscription for architecture, engineering and construction teams.", 0, &["DRAFTLINE", "STRUCTA", "CIVIS"]),
        ("DRAFTLINE", "Dl", "2D drafting and documentation with DWG-compatible drawings.", 0, &[]),
        ("STRUCTA", "St", "Building information modelling for structural and architectural design.", 0, &[]),
        ("CIVIS", "Cv", "Design and documentation of roads, sites and utilities.", 30, &[]),
        ("RENDERA", "Rn", "Real-time visualisation and rendering of models.", 30, &[]),
        ("TERRA", "Tr", "Point clouds and survey data processing.", 14, &[]),
    ];
    for (code, icon, description, trial_days, members) in details {
        let p = products.iter().find(|p| p.code == *code).ok_or_else(|| bad(code))?;
        catalogue::update_product(state, &who, &p.id, &UpdateProductRequest {
            name: p.name.clone(),
            description: description.to_string(),
            icon: icon.to_string(),
            trial_days: *trial_days,
            members: members.iter().map(|m| m.to_string()).collect(),
        })
        .await
        .map_err(bad)?;
    }
    // (version, released on, supported until, key suffix)
    let versions: &[(&str, &str, Option<&str>, &str)] = &[
        ("2027", "2026-03-24", None, "S1"),
        ("2026", "2025-03-25", Some("2029-03-31"), "R1"),
        ("2025", "2024-03-26", Some("2028-03-31"), "Q1"),
        ("2024", "2023-03-28", Some("2027-03-31"), "P1"),
        ("2023", "2022-03-29", Some("2026-03-31"), "N1"),
    ];
    let lines: &[(&str, &str, usize, &[Platform])] = &[
        ("DRAFTLINE", "057", 5, &[Platform::Windows, Platform::Macos, Platform::Linux]),
        ("STRUCTA", "829", 4, &[Platform::Windows, Platform::Macos]),
        ("CIVIS", "237", 3, &[Platform::Windows]),
        ("RENDERA", "A72", 3, &[Platform::Windows, Platform::Macos]),
        ("TERRA", "T11", 2, &[Platform::Windows]),
    ];
    for (code, key, count, platforms) in lines {
        let p = products.iter().find(|p| p.code == *code).ok_or_else(|| bad(code))?;
        for (i, (version, released_on, supported_until, suffix)) in versions.iter().take(*count).enumerate() {
            let r = catalogue::create_release(state, &who, &p.id, &CreateReleaseRequest {
                version: version.to_string(),
                released_on: released_on.to_string(),
                supported_until: supported_until.map(str::to_string),
                product_key: format!("{key}{suffix}"),
            })
            .await
            .map_err(bad)?;
            let slug = code.to_lowercase();
            let mut files: Vec<(Platform, &str, FileKind, String, String)> = vec![];
            for platform in *platforms {
                let ext = match platform {
                    Platform::Windows => "exe",
                    Platform::Macos => "dmg",
                    Platform::Linux => "tar.gz",
                };
                files.push((*platform, "multi", FileKind::Installer, format!("{} {version}", p.name), format!("{slug}-{version}-{}-x64.{ext}", platform.as_str())));
            }
            if i == 0 {
                for lang in ["zh-TW", "sl"] {
                    files.push((Platform::Windows, lang, FileKind::LanguagePack, format!("{} {version} language pack", p.name), format!("{slug}-{version}-langpack-{}.msi", lang.to_lowercase())));
                }
                files.push((Platform::Windows, "multi", FileKind::Update, format!("{} {version}.1 update", p.name), format!("{slug}-{version}.1-update-windows.msp")));
                files.push((Platform::Windows, "multi", FileKind::AddOn, format!("{} {version} productivity tools", p.name), format!("{slug}-{version}-tools-windows.msi")));
                if platforms.contains(&Platform::Macos) {
                    files.push((Platform::Macos, "multi", FileKind::Update, format!("{} {version}.1 update", p.name), format!("{slug}-{version}.1-update-macos.pkg")));
                }
            }
            for (platform, language, kind, title, file_name) in files {
                let q = UploadFileQuery { platform, language: language.into(), kind, title, file_name: file_name.clone() };
                let body = demo_file(&file_name, &p.name, version);
                catalogue::add_file(state, &who, &r.id, &q, futures::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from(body))]))
                    .await
                    .map_err(bad)?;
            }
        }
    }
    Ok(())
}

/// A small, real file for the demo: a text that says what it stands for, some kilobytes long,
/// different for every file (so every checksum differs).
fn demo_file(file_name: &str, product: &str, version: &str) -> Vec<u8> {
    let mut s = format!(
        "Seatwise demo file\n{file_name}\n{product} {version}\n\nThis file stands in for an installer in the Seatwise demo.\n\n"
    );
    let mut line = 0;
    while s.len() < 24 * 1024 {
        line += 1;
        s.push_str(&format!("{line:05} {file_name} {product} {version} seatwise demo payload\n"));
    }
    s.into_bytes()
}

/// Email-safe ASCII of a Slovenian name.
fn ascii(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'č' => 'c',
            'š' => 's',
            'ž' => 'z',
            c => c,
        })
        .collect()
}
