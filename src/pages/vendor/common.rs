//! Names and pieces shared by the catalogue, product and request pages of the back office.

use leptos::prelude::*;
use seatwise_api::{FileKind, Platform, RequestKind, RequestStatus};
use stylers::style_sheet;

use crate::i18n::*;
use crate::intl;
use crate::text::{self, I18n};

/// Picks the text of a count's plural form (`one`, `two`, `few`, `other`) and fills `{count}`.
pub fn plural(i18n: I18n, count: usize, forms: [&str; 4]) -> String {
    let [one, two, few, other] = forms;
    let template = match intl::plural_category(text::tag(i18n), count as f64).as_str() {
        "one" => one,
        "two" => two,
        "few" => few,
        _ => other,
    };
    text::fill(template, &[("count", text::number(i18n, count))])
}

/// "N days" for a trial length.
pub fn trial_days(i18n: I18n, days: u32) -> String {
    if days == 0 {
        return t_string!(i18n, catalogue.no_trial).to_string();
    }
    plural(
        i18n,
        days as usize,
        [
            t_string!(i18n, catalogue.days.one),
            t_string!(i18n, catalogue.days.two),
            t_string!(i18n, catalogue.days.few),
            t_string!(i18n, catalogue.days.other),
        ],
    )
}

pub fn kind_name(i18n: I18n, kind: &str) -> String {
    match kind {
        "collection" => t_string!(i18n, vendor.kind_collection),
        _ => t_string!(i18n, vendor.kind_product),
    }
    .to_string()
}

pub fn platform_name(i18n: I18n, platform: Platform) -> String {
    match platform {
        Platform::Windows => t_string!(i18n, catalogue.platforms.windows),
        Platform::Macos => t_string!(i18n, catalogue.platforms.macos),
        Platform::Linux => t_string!(i18n, catalogue.platforms.linux),
    }
    .to_string()
}

pub fn file_kind_name(i18n: I18n, kind: FileKind) -> String {
    match kind {
        FileKind::Installer => t_string!(i18n, catalogue.file_kinds.installer),
        FileKind::Update => t_string!(i18n, catalogue.file_kinds.update),
        FileKind::AddOn => t_string!(i18n, catalogue.file_kinds.add_on),
        FileKind::LanguagePack => t_string!(i18n, catalogue.file_kinds.language_pack),
    }
    .to_string()
}

/// A file's language (`multi` = every language), named by the browser in the current language.
pub fn file_language_name(i18n: I18n, code: &str) -> String {
    if code == "multi" {
        t_string!(i18n, catalogue.all_languages).to_string()
    } else {
        intl::display_name(text::tag(i18n), "language", code)
    }
}

pub fn request_kind_name(i18n: I18n, kind: RequestKind) -> String {
    match kind {
        RequestKind::PreviousVersion => t_string!(i18n, request_queue.kinds.previous_version),
        RequestKind::HomeUse => t_string!(i18n, request_queue.kinds.home_use),
        RequestKind::PhysicalMedia => t_string!(i18n, request_queue.kinds.physical_media),
        RequestKind::NetworkLicence => t_string!(i18n, request_queue.kinds.network_licence),
    }
    .to_string()
}

pub fn request_status_name(i18n: I18n, status: RequestStatus) -> String {
    match status {
        RequestStatus::Requested => t_string!(i18n, request_queue.statuses.requested),
        RequestStatus::Approved => t_string!(i18n, request_queue.statuses.approved),
        RequestStatus::Shipped => t_string!(i18n, request_queue.statuses.shipped),
        RequestStatus::Fulfilled => t_string!(i18n, request_queue.statuses.fulfilled),
        RequestStatus::Rejected => t_string!(i18n, request_queue.statuses.rejected),
    }
    .to_string()
}

/// A file size in the current language (`1.5 kB`).
pub fn size(i18n: I18n, bytes: u64) -> String {
    intl::format_bytes(text::tag(i18n), bytes)
}

/// The coloured tile with a product's icon letters. Decorative: the product's name is always
/// written next to it.
#[component]
pub fn ProductTile(
    /// One to three letters.
    #[prop(into)]
    icon: Signal<String>,
    /// The product code; picks the colour, so a product keeps its colour.
    code: String,
) -> impl IntoView {
    let class = style_sheet!("src/pages/vendor/tile.css");
    let shade = code.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))) % 6;
    // A product without an icon yet shows the start of its code.
    let fallback: String = code.chars().filter(char::is_ascii_alphanumeric).take(2).collect();
    let letters = move || {
        let icon = icon.get();
        if icon.trim().is_empty() { fallback.clone() } else { icon }
    };
    view! { class=class,
        <span class=format!("tile tile-{shade}") aria-hidden="true">{letters}</span>
    }
}
