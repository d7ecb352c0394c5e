//! Names and pieces shared by the catalogue, product and request pages of the back office.

use leptos::prelude::*;
use seatwise_api::{FileKind, Platform, RequestKind, RequestStatus};
use stylers::style_sheet;

use crate::intl;
use crate::text::{self, I18n};

/// "N days" for a trial length.
pub fn trial_days(i18n: I18n, days: u32) -> String {
    if days == 0 {
        return ts!(i18n, vendor.catalogue.no_trial).to_string();
    }
    ts_plural!(i18n, days as usize, vendor.catalogue.days)
}

pub fn kind_name(i18n: I18n, kind: &str) -> String {
    match kind {
        "collection" => ts!(i18n, vendor.vendor.kind_collection),
        _ => ts!(i18n, vendor.vendor.kind_product),
    }
    .to_string()
}

pub fn platform_name(i18n: I18n, platform: Platform) -> String {
    match platform {
        Platform::Windows => ts!(i18n, vendor.catalogue.platforms.windows),
        Platform::Macos => ts!(i18n, vendor.catalogue.platforms.macos),
        Platform::Linux => ts!(i18n, vendor.catalogue.platforms.linux),
    }
    .to_string()
}

pub fn file_kind_name(i18n: I18n, kind: FileKind) -> String {
    match kind {
        FileKind::Installer => ts!(i18n, vendor.catalogue.file_kinds.installer),
        FileKind::Update => ts!(i18n, vendor.catalogue.file_kinds.update),
        FileKind::AddOn => ts!(i18n, vendor.catalogue.file_kinds.add_on),
        FileKind::LanguagePack => ts!(i18n, vendor.catalogue.file_kinds.language_pack),
    }
    .to_string()
}

/// A file's language (`multi` = every language), named by the browser in the current language.
pub fn file_language_name(i18n: I18n, code: &str) -> String {
    if code == "multi" {
        ts!(i18n, vendor.catalogue.all_languages).to_string()
    } else {
        intl::display_name(text::tag(i18n), "language", code)
    }
}

pub fn request_kind_name(i18n: I18n, kind: RequestKind) -> String {
    match kind {
        RequestKind::PreviousVersion => ts!(i18n, vendor.request_queue.kinds.previous_version),
        RequestKind::HomeUse => ts!(i18n, vendor.request_queue.kinds.home_use),
        RequestKind::PhysicalMedia => ts!(i18n, vendor.request_queue.kinds.physical_media),
        RequestKind::NetworkLicence => ts!(i18n, vendor.request_queue.kinds.network_licence),
    }
    .to_string()
}

pub fn request_status_name(i18n: I18n, status: RequestStatus) -> String {
    match status {
        RequestStatus::Requested => ts!(i18n, vendor.request_queue.statuses.requested),
        RequestStatus::Approved => ts!(i18n, vendor.request_queue.statuses.approved),
        RequestStatus::Shipped => ts!(i18n, vendor.request_queue.statuses.shipped),
        RequestStatus::Fulfilled => ts!(i18n, vendor.request_queue.statuses.fulfilled),
        RequestStatus::Rejected => ts!(i18n, vendor.request_queue.statuses.rejected),
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
