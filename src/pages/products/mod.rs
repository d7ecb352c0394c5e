//! Products and services of a customer account: what the signed-in person may download and
//! activate, licence requests, trials and custom install packages. The account id is in the URL
//! (`/accounts/:account/software`, `/requests`, `/trials`, `/packages`).

mod detail;
mod list;
mod packages;
mod request;
mod requests;
mod trials;

use detail::ProductDetailPage;
use list::SoftwarePage;
use packages::{PackagePage, PackagesPage};
use request::LicenceRequestPage;
use requests::RequestsPage;
use trials::TrialsPage;

use crate::texts::Ns;

// Products and services, one chunk per group of pages.
crate::area_pages! { seatwise_software, [Ns::Software];
    Software(software_view) => SoftwarePage,
}
crate::area_pages! { seatwise_product, [Ns::Software];
    Product(product_view) => ProductDetailPage,
}
crate::area_pages! { seatwise_trials, [Ns::Software];
    Trials(trials_view) => TrialsPage,
}
crate::area_pages! { seatwise_packages, [Ns::Software];
    Packages(packages_view) => PackagesPage,
    Package(package_view) => PackagePage,
}

crate::area_pages! { seatwise_requests, [Ns::Software];
    Requests(requests_view) => RequestsPage,
    RequestForm(request_form_view) => LicenceRequestPage,
}

use leptos::prelude::*;
use seatwise_api::{FileKind, Platform, RequestKind, RequestStatus};
use stylers::style_sheet;
use wasm_bindgen_futures::JsFuture;

use crate::api::ApiError;
use crate::components::icons::IconWarning;
use crate::i18n::*;
use crate::intl;
use crate::text::{self, I18n};

/// The scoped class of this area's styles (one `style_sheet!` so the CSS is emitted once).
pub(crate) fn area_class() -> &'static str {
    let class = style_sheet!("src/pages/products/products.css");
    class
}

/// One of eight tile colours, always the same for a product code.
fn tile_class(code: &str) -> &'static str {
    const TILES: [&str; 8] = [
        "tile tile-0", "tile tile-1", "tile tile-2", "tile tile-3", "tile tile-4", "tile tile-5",
        "tile tile-6", "tile tile-7",
    ];
    let hash = code
        .bytes()
        .fold(2_166_136_261_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(16_777_619));
    TILES[(hash % 8) as usize]
}

/// The product's one to three letters on a coloured tile (decorative: the name is next to it).
#[component]
pub(crate) fn ProductTile(
    /// The product code (picks the colour).
    #[prop(into)]
    code: String,
    /// One to three letters.
    #[prop(into)]
    icon: String,
) -> impl IntoView {
    let class = area_class();
    let letters: String = icon.chars().take(3).collect();
    view! { class=class,
        <span class=tile_class(&code) aria-hidden="true">{letters}</span>
    }
}

/// Copies a text to the clipboard; says so in a live region (or asks to copy by hand).
#[component]
pub(crate) fn CopyButton(
    /// What is copied.
    #[prop(into)]
    text: Signal<String>,
    /// The button's accessible name (what is copied, e.g. "Copy serial number").
    #[prop(into)]
    label: Signal<String>,
    /// Show the label as the button's text (otherwise the short "Copy").
    #[prop(optional)]
    show_label: bool,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    // `Some(true)` copied, `Some(false)` the browser refused.
    let outcome = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let value = text.get_untracked();
        let clipboard = window().navigator().clipboard();
        leptos::task::spawn_local(async move {
            let done = JsFuture::from(clipboard.write_text(&value)).await.is_ok();
            outcome.set(Some(done));
            set_timeout(move || { outcome.try_set(None); }, std::time::Duration::from_secs(4));
        });
    };
    let visible = move || {
        if show_label {
            label.get()
        } else {
            ts!(i18n, software.products.copy).to_string()
        }
    };
    view! { class=class,
        <span class="copy">
            <button
                type="button"
                class="btn btn-secondary btn-sm"
                aria-label=move || (!show_label).then(|| label.get())
                on:click=copy
            >
                {visible}
            </button>
            <span class="copy-status" role="status">
                {move || match outcome.get() {
                    Some(true) => ts!(i18n, software.products.copied).to_string(),
                    Some(false) => ts!(i18n, software.products.copy_failed).to_string(),
                    None => String::new(),
                }}
            </span>
        </span>
    }
}

/// The refused fields of a form that it does not show next to an input (a product code, a
/// subscription, an address as a whole, a list): each as "label: message" in one alert above
/// the form, so no refusal is lost. The inputs keep what was typed.
#[component]
pub(crate) fn OtherFieldErrors(
    /// The last error of the form's action.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// The fields whose errors appear next to their inputs (not repeated here).
    #[prop(into)]
    shown: Signal<Vec<&'static str>>,
    /// The visible label of a field name, where the form has one.
    label: fn(I18n, &str) -> Option<String>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let lines = move || -> Vec<String> {
        let shown = shown.get();
        error.with(|error| match error {
            Some(ApiError::Server { fields, .. }) => fields
                .iter()
                .filter(|(name, _)| !shown.contains(&name.as_str()))
                .map(|(name, code)| {
                    let message = text::field_message(i18n, name, *code);
                    match label(i18n, name) {
                        Some(field) => ts!(i18n, core.errors.field_line, field = field, message = message),
                        None => message,
                    }
                })
                .collect(),
            _ => Vec::new(),
        })
    };
    move || {
        let lines = lines();
        (!lines.is_empty()).then(|| view! { class=class,
            <div class="alert alert-error" role="alert" data-testid="form-errors">
                <IconWarning />
                <div class="alert-body">
                    <p>{tv!(i18n, core.errors.validation_failed)}</p>
                    <ul class="error-list">
                        {lines.into_iter().map(|line| view! { class=class, <li>{line}</li> }).collect_view()}
                    </ul>
                </div>
            </div>
        })
    }
}

pub(crate) fn platform_name(i18n: I18n, platform: Platform) -> String {
    match platform {
        Platform::Windows => ts!(i18n, software.products.platforms.windows),
        Platform::Macos => ts!(i18n, software.products.platforms.macos),
        Platform::Linux => ts!(i18n, software.products.platforms.linux),
    }
    .to_string()
}

pub(crate) fn file_kind_name(i18n: I18n, kind: FileKind) -> String {
    match kind {
        FileKind::Installer => ts!(i18n, software.products.file_kinds.installer),
        FileKind::Update => ts!(i18n, software.products.file_kinds.update),
        FileKind::AddOn => ts!(i18n, software.products.file_kinds.add_on),
        FileKind::LanguagePack => ts!(i18n, software.products.file_kinds.language_pack),
    }
    .to_string()
}

/// The name of a file language (`multi` = every language), in the interface language.
pub(crate) fn file_language_name(i18n: I18n, language: &str) -> String {
    match language {
        "multi" => ts!(i18n, software.products.languages.multi),
        "en" => ts!(i18n, software.products.languages.en),
        "zh-TW" => ts!(i18n, software.products.languages.zh_TW),
        "sl" => ts!(i18n, software.products.languages.sl),
        "de" => ts!(i18n, software.products.languages.de),
        "fr" => ts!(i18n, software.products.languages.fr),
        "ja" => ts!(i18n, software.products.languages.ja),
        other => return other.to_owned(),
    }
    .to_string()
}

pub(crate) fn request_kind_name(i18n: I18n, kind: RequestKind) -> String {
    match kind {
        RequestKind::PreviousVersion => ts!(i18n, software.requests.kinds.previous_version),
        RequestKind::HomeUse => ts!(i18n, software.requests.kinds.home_use),
        RequestKind::PhysicalMedia => ts!(i18n, software.requests.kinds.physical_media),
        RequestKind::NetworkLicence => ts!(i18n, software.requests.kinds.network_licence),
    }
    .to_string()
}

pub(crate) fn request_status_name(i18n: I18n, status: RequestStatus) -> String {
    match status {
        RequestStatus::Requested => ts!(i18n, software.requests.statuses.requested),
        RequestStatus::Approved => ts!(i18n, software.requests.statuses.approved),
        RequestStatus::Shipped => ts!(i18n, software.requests.statuses.shipped),
        RequestStatus::Fulfilled => ts!(i18n, software.requests.statuses.fulfilled),
        RequestStatus::Rejected => ts!(i18n, software.requests.statuses.rejected),
    }
    .to_string()
}

/// "N days left", with the language's plural form.
pub(crate) fn days_left(i18n: I18n, days: u32) -> String {
    ts_plural!(i18n, days as usize, software.trials.days_left)
}

/// "Start a trial (N days)", with the language's plural form.
pub(crate) fn start_trial_label(i18n: I18n, days: u32) -> String {
    ts_plural!(i18n, days as usize, software.trials.start_days)
}

/// A file size in the current language.
pub(crate) fn size(i18n: I18n, bytes: u64) -> String {
    intl::format_bytes(text::tag(i18n), bytes)
}

/// The platform this browser runs on, guessed from `navigator.platform` and the user agent.
pub(crate) fn browser_platform() -> Platform {
    let navigator = window().navigator();
    let hint = format!(
        "{} {}",
        navigator.platform().unwrap_or_default(),
        navigator.user_agent().unwrap_or_default()
    )
    .to_lowercase();
    if hint.contains("win") {
        Platform::Windows
    } else if hint.contains("mac") || hint.contains("iphone") || hint.contains("ipad") {
        Platform::Macos
    } else if hint.contains("linux") || hint.contains("x11") || hint.contains("cros") {
        Platform::Linux
    } else {
        Platform::Windows
    }
}

/// Starts a trial of a product (by code) for the current account, and says so in a toast.
pub(crate) fn use_start_trial() -> Action<String, crate::api::ApiResult<seatwise_api::Trial>> {
    let i18n = use_i18n();
    let account = crate::account::use_account();
    let toasts = crate::components::toast::use_toasts();
    Action::new_local(move |code: &String| {
        let request = crate::api::start_trial(account.id.get_untracked(), code.clone());
        async move {
            let result = request.await;
            match &result {
                Ok(trial) => {
                    let name = trial.product_name.clone();
                    toasts.success(move || ts!(i18n, software.trials.started, product = name.clone()))
                }
                Err(error) => toasts.error(error.clone()),
            }
            result
        }
    })
}
