//! What a member may use: which subscriptions cover a product (directly or through a
//! collection), whether the person is entitled (admin of an account holding it, a seat, or a
//! running trial), and which versions they may download and activate.
//!
//! Versions: a named-user or network licence includes the current version and the three before
//! it; a standalone licence the current version, plus each previous version the vendor issued a
//! serial for (a fulfilled previous-version request); a trial the current version only.

use std::collections::{BTreeSet, HashMap, HashSet};

use seatwise_api::{
    Activation, Coverage, FileKind, LicenceType, Platform, Release, ReleaseFile, RequestAvailability, Trial,
};

use crate::{
    clock::rfc3339,
    error::AppResult,
    state::AppState,
    store::{
        accounts::SubscriptionRow,
        catalogue::{CatalogueProductRow, FileRow, ReleaseRow, TrialRow},
    },
};

/// How many versions before the current one a subscription includes.
pub const PREVIOUS_VERSIONS: usize = 3;

/// The whole catalogue in memory for one request (it is small: products × releases × files).
pub struct Catalogue {
    pub products: Vec<CatalogueProductRow>,
    /// (collection id, product id).
    pub items: Vec<(String, String)>,
    /// Per product, newest first.
    pub releases: HashMap<String, Vec<ReleaseRow>>,
    /// Per release.
    pub files: HashMap<String, Vec<FileRow>>,
}

impl Catalogue {
    pub async fn load(state: &AppState) -> AppResult<Catalogue> {
        let db = &state.db;
        let products = db.catalogue_products().await?;
        let items = db.collection_items().await?;
        let mut releases: HashMap<String, Vec<ReleaseRow>> = HashMap::new();
        for r in db.releases().await? {
            releases.entry(r.product_id.clone()).or_default().push(r);
        }
        let mut files: HashMap<String, Vec<FileRow>> = HashMap::new();
        for f in db.files().await? {
            files.entry(f.release_id.clone()).or_default().push(f);
        }
        Ok(Catalogue { products, items, releases, files })
    }

    pub fn by_id(&self, id: &str) -> Option<&CatalogueProductRow> {
        self.products.iter().find(|p| p.id == id)
    }

    pub fn by_code(&self, code: &str) -> Option<&CatalogueProductRow> {
        self.products.iter().find(|p| p.code.eq_ignore_ascii_case(code))
    }

    /// Codes of the collections holding a product.
    pub fn collections_of(&self, product_id: &str) -> Vec<String> {
        self.items
            .iter()
            .filter(|(_, p)| p == product_id)
            .filter_map(|(c, _)| self.by_id(c).map(|c| c.code.clone()))
            .collect()
    }

    /// Codes of the products of a collection.
    pub fn members_of(&self, collection_id: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .items
            .iter()
            .filter(|(c, _)| c == collection_id)
            .filter_map(|(_, p)| self.by_id(p).map(|p| p.code.clone()))
            .collect();
        v.sort();
        v
    }

    /// Releases out by `today`, newest first.
    pub fn released(&self, product_id: &str, today: &str) -> Vec<&ReleaseRow> {
        self.releases
            .get(product_id)
            .map(|rs| rs.iter().filter(|r| r.released_on.as_str() <= today).collect())
            .unwrap_or_default()
    }

    pub fn release_files(&self, release_id: &str) -> &[FileRow] {
        self.files.get(release_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The products (not collections) a subscription's product stands for.
    pub fn products_of_subscription(&self, code: &str) -> Vec<&CatalogueProductRow> {
        match self.by_code(code) {
            Some(p) if p.kind == "collection" => self
                .items
                .iter()
                .filter(|(c, _)| *c == p.id)
                .filter_map(|(_, m)| self.by_id(m))
                .collect(),
            Some(p) => vec![p],
            None => vec![],
        }
    }
}

pub fn licence_type(s: &str) -> LicenceType {
    LicenceType::parse(s).unwrap_or(LicenceType::NamedUser)
}

pub fn to_file(f: &FileRow) -> ReleaseFile {
    ReleaseFile {
        id: f.id.clone(),
        release_id: f.release_id.clone(),
        platform: Platform::parse(&f.platform).unwrap_or(Platform::Windows),
        language: f.language.clone(),
        kind: FileKind::parse(&f.kind).unwrap_or(FileKind::Installer),
        title: f.title.clone(),
        file_name: f.file_name.clone(),
        size: f.size.max(0) as u64,
        sha256: f.sha256.clone(),
        uploaded_at: rfc3339(f.created_at),
    }
}

pub fn to_release(r: &ReleaseRow, files: &[FileRow]) -> Release {
    Release {
        id: r.id.clone(),
        version: r.version.clone(),
        released_on: r.released_on.clone(),
        supported_until: r.supported_until.clone(),
        product_key: r.product_key.clone(),
        files: files.iter().map(to_file).collect(),
    }
}

pub fn to_trial(t: &TrialRow, product: &CatalogueProductRow, now: i64) -> Trial {
    let left = (t.ends_at - now).max(0);
    Trial {
        id: t.id.clone(),
        product_code: product.code.clone(),
        product_name: product.name.clone(),
        started_at: rfc3339(t.started_at),
        ends_at: rfc3339(t.ends_at),
        days_left: ((left + 86_399) / 86_400) as u32,
        active: t.ends_at > now,
    }
}

/// A subscription is usable while it is active and not past its end date.
pub fn is_active(s: &SubscriptionRow, today: &str) -> bool {
    s.status == "active" && s.end_date.as_str() >= today
}

/// Everything about one person in one account that decides what they may use.
pub struct Holdings {
    pub today: String,
    pub now: i64,
    pub is_admin: bool,
    pub user_id: String,
    /// Every subscription of the account.
    pub subscriptions: Vec<SubscriptionRow>,
    /// Subscription ids the person holds a seat of.
    pub mine: HashSet<String>,
    /// subscription id → members' team ids (for the team filter).
    pub teams_by_subscription: HashMap<String, HashSet<String>>,
    pub trials: Vec<TrialRow>,
    /// subscription id → (version → serial) issued by previous-version requests.
    pub issued: HashMap<String, HashMap<String, String>>,
}

/// How a person may use one product.
pub struct Use<'a> {
    pub product: &'a CatalogueProductRow,
    pub coverage: Vec<&'a SubscriptionRow>,
    pub entitled: bool,
    pub trial: Option<&'a TrialRow>,
    /// Versions allowed, newest first.
    pub versions: Vec<&'a ReleaseRow>,
    /// Per allowed version: the subscriptions (usable by this person) that license it.
    pub licensed_by: HashMap<String, Vec<&'a SubscriptionRow>>,
}

impl Holdings {
    pub async fn load(state: &AppState, account_id: &str, user_id: &str, is_admin: bool) -> AppResult<Holdings> {
        let db = &state.db;
        let now = state.clock.unix();
        let today = today(state);
        let subscriptions = db.subscriptions(account_id).await?;
        let mut mine = HashSet::new();
        let mut teams_by_subscription: HashMap<String, HashSet<String>> = HashMap::new();
        for (sub, user, team) in db.account_assignments(account_id).await? {
            if user == user_id {
                mine.insert(sub.clone());
            }
            if let Some(t) = team {
                teams_by_subscription.entry(sub).or_default().insert(t);
            }
        }
        let trials = db.trials_of(account_id, user_id).await?;
        let mut issued: HashMap<String, HashMap<String, String>> = HashMap::new();
        for s in subscriptions.iter().filter(|s| s.licence_type == "standalone") {
            for (version, serial) in db.previous_version_serials(&s.id).await? {
                issued.entry(s.id.clone()).or_default().insert(version, serial);
            }
        }
        Ok(Holdings {
            today,
            now,
            is_admin,
            user_id: user_id.to_string(),
            subscriptions,
            mine,
            teams_by_subscription,
            trials,
            issued,
        })
    }

    /// The subscriptions that cover a product, directly or through a collection.
    pub fn coverage<'a>(&'a self, cat: &Catalogue, product: &CatalogueProductRow) -> Vec<&'a SubscriptionRow> {
        let mut codes = cat.collections_of(&product.id);
        codes.push(product.code.clone());
        self.subscriptions.iter().filter(|s| codes.iter().any(|c| *c == s.product_code)).collect()
    }

    /// Subscriptions that let this person use the product: every active one for an admin,
    /// the active ones they hold a seat of otherwise.
    fn usable<'a>(&self, coverage: &[&'a SubscriptionRow]) -> Vec<&'a SubscriptionRow> {
        coverage
            .iter()
            .copied()
            .filter(|s| is_active(s, &self.today) && (self.is_admin || self.mine.contains(&s.id)))
            .collect()
    }

    pub fn running_trial<'a>(&'a self, product_id: &str) -> Option<&'a TrialRow> {
        self.trials.iter().find(|t| t.product_id == product_id && t.ends_at > self.now)
    }

    pub fn trial_of<'a>(&'a self, product_id: &str) -> Option<&'a TrialRow> {
        self.trials.iter().find(|t| t.product_id == product_id)
    }

    pub fn use_of<'a>(&'a self, cat: &'a Catalogue, product: &'a CatalogueProductRow) -> Use<'a> {
        let coverage = self.coverage(cat, product);
        let usable = self.usable(&coverage);
        let trial = self.running_trial(&product.id);
        let released = cat.released(&product.id, &self.today);
        let mut licensed_by: HashMap<String, Vec<&SubscriptionRow>> = HashMap::new();
        for (i, r) in released.iter().enumerate() {
            for s in &usable {
                let ok = match s.licence_type.as_str() {
                    "standalone" => i == 0 || self.issued.get(&s.id).is_some_and(|m| m.contains_key(&r.version)),
                    _ => i <= PREVIOUS_VERSIONS,
                };
                if ok {
                    licensed_by.entry(r.version.clone()).or_default().push(s);
                }
            }
        }
        let mut versions: Vec<&ReleaseRow> =
            released.iter().copied().filter(|r| licensed_by.contains_key(&r.version)).collect();
        if trial.is_some() {
            if let Some(current) = released.first() {
                if !versions.iter().any(|v| v.id == current.id) {
                    versions.insert(0, current);
                }
            }
        }
        let entitled = !usable.is_empty() || trial.is_some();
        Use { product, coverage, entitled, trial, versions, licensed_by }
    }

    pub fn to_coverage(&self, s: &SubscriptionRow) -> Coverage {
        Coverage {
            subscription_id: s.id.clone(),
            contract_id: s.contract_id.clone(),
            contract_number: s.contract_number.clone(),
            via_code: s.product_code.clone(),
            via_name: s.product_name.clone(),
            licence_type: licence_type(&s.licence_type),
            seats: s.seats.max(0) as u32,
            seats_used: s.seats_used.max(0) as u32,
            end_date: s.end_date.clone(),
            active: is_active(s, &self.today),
            assigned_to_me: self.mine.contains(&s.id),
        }
    }
}

impl Use<'_> {
    pub fn allows_version(&self, version: &str) -> bool {
        self.entitled && self.versions.iter().any(|r| r.version == version)
    }

    /// Serial numbers and product keys of every allowed version, one row per licensing
    /// subscription (trials activate by signing in and have none).
    pub fn activations(&self, h: &Holdings) -> Vec<Activation> {
        let mut out = Vec::new();
        for r in &self.versions {
            for s in self.licensed_by.get(&r.version).into_iter().flatten() {
                let serial = h
                    .issued
                    .get(&s.id)
                    .and_then(|m| m.get(&r.version))
                    .cloned()
                    .unwrap_or_else(|| s.serial_number.clone());
                out.push(Activation {
                    version: r.version.clone(),
                    serial_number: serial,
                    product_key: r.product_key.clone(),
                    licence_type: licence_type(&s.licence_type),
                    contract_number: s.contract_number.clone(),
                });
            }
        }
        out
    }

    fn active_types(&self, h: &Holdings) -> BTreeSet<&str> {
        self.coverage.iter().filter(|s| is_active(s, &h.today)).map(|s| s.licence_type.as_str()).collect()
    }

    /// Previous versions: a request for a standalone licence, included with the others.
    pub fn previous_version(&self, h: &Holdings) -> RequestAvailability {
        let t = self.active_types(h);
        if !h.is_admin || t.is_empty() {
            RequestAvailability::NotApplicable
        } else if t.contains("standalone") {
            RequestAvailability::Request
        } else {
            RequestAvailability::Included
        }
    }

    /// Home use: the existing serial for a standalone licence, a request for a network one.
    pub fn home_use(&self, h: &Holdings) -> RequestAvailability {
        let t = self.active_types(h);
        if !h.is_admin {
            RequestAvailability::NotApplicable
        } else if t.contains("multi_user_network") {
            RequestAvailability::Request
        } else if t.contains("standalone") {
            RequestAvailability::Included
        } else {
            RequestAvailability::NotApplicable
        }
    }

    pub fn physical_media(&self, h: &Holdings) -> RequestAvailability {
        if h.is_admin && !self.active_types(h).is_empty() {
            RequestAvailability::Request
        } else {
            RequestAvailability::NotApplicable
        }
    }

    pub fn network_licence(&self, h: &Holdings) -> RequestAvailability {
        if h.is_admin && self.active_types(h).contains("multi_user_network") {
            RequestAvailability::Request
        } else {
            RequestAvailability::NotApplicable
        }
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today(state: &AppState) -> String {
    super::money::iso(state.clock.now().date())
}
