//! Demo data, created once on an empty database through the same code as real use: sign-ups,
//! the vendor's provisioning, invitations accepted through their links, seat assignments.

use seatwise_api::{CreateAccountRequest, CreateContractRequest, CreateSubscriptionRequest, LicenceType, MemberRole, Term};

use crate::{
    domain::{
        accounts::{self, SignUp},
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

    // The catalogue.
    let mut products = vec![];
    for (code, name, kind) in [
        ("AEC-COLL", "Engineering & Construction Collection", "collection"),
        ("DRAFTLINE", "Draftline CAD", "product"),
        ("STRUCTA", "Structa BIM", "product"),
        ("CIVIS", "Civis Infrastructure", "product"),
        ("RENDERA", "Rendera Visualisation", "product"),
    ] {
        let p = ProductRow { id: uuid::Uuid::new_v4().to_string(), code: code.into(), name: name.into(), kind: kind.into() };
        let mut tx = state.db.begin_write().await?;
        state.db.insert_product(&mut *tx, &p, state.clock.unix()).await?;
        tx.commit().await?;
        products.push(p);
    }

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
    let contract = vendor::add_contract(state, &staff, "", &northwind.id, &CreateContractRequest {
        number: "110001234567".into(),
        start_date: "2026-03-01".into(),
        end_date: "2027-02-28".into(),
        partner_name: "CADPartner d.o.o.".into(),
        partner_email: "renewals@cadpartner.example".into(),
        partner_phone: "+386 1 600 7000".into(),
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
            auto_renew: product == 0,
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
        let mut tx = state.db.begin_write().await?;
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
        let mut tx = state.db.begin_write().await?;
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
    invitations::accept(state, &token, Some(mei), None).await.map_err(bad)?;
    let contract = vendor::add_contract(state, &staff, "", &taiwan.id, &CreateContractRequest {
        number: "110009876543".into(),
        start_date: "2025-12-01".into(),
        end_date: "2026-11-30".into(),
        partner_name: String::new(),
        partner_email: String::new(),
        partner_phone: String::new(),
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
        })
        .await
        .map_err(bad)?;
    }
    tracing::info!(members = DEMO_MEMBERS + 2, "demo data created");
    Ok(())
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
