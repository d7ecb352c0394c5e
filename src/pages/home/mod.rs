//! Home pages (one chunk): a member's home page of an account (product updates, open cases and
//! requests, help, renewals; for admins also seats, renewals, invitations and activity), the
//! vendor staff's home page (their queues by age) and the back office's help links. Texts in the
//! `home` namespace; the frames around them (account, back office) bring their own.

mod account;
mod help_links;
mod staff;

use leptos::prelude::*;
use seatwise_api::{CaseStatus, HelpLink, UpdateKind};
use stylers::style_sheet;

use account::AccountHomePage;
use help_links::HelpLinksPage;
use staff::VendorHomePage;

use crate::text::I18n;
use crate::texts::Ns;

crate::area_pages! { seatwise_home, [Ns::Home];
    Home(account_home_view) => AccountHomePage,
    VendorHome(vendor_home_view) => VendorHomePage,
    HelpLinks(help_links_view) => HelpLinksPage,
}

/// The scoped class of the home pages' styles.
fn home_class() -> &'static str {
    let class = style_sheet!("src/pages/home/home.css");
    class
}

pub(crate) fn update_kind_name(i18n: I18n, kind: UpdateKind) -> String {
    match kind {
        UpdateKind::Release => ts!(i18n, home.home.kinds.release),
        UpdateKind::Update => ts!(i18n, home.home.kinds.update),
        UpdateKind::AddOn => ts!(i18n, home.home.kinds.add_on),
    }
    .to_string()
}

fn case_status_name(i18n: I18n, status: CaseStatus) -> String {
    match status {
        CaseStatus::Open => ts!(i18n, home.home.case_status.open),
        CaseStatus::WaitingOnCustomer => ts!(i18n, home.home.case_status.waiting_on_customer),
        CaseStatus::WaitingOnVendor => ts!(i18n, home.home.case_status.waiting_on_vendor),
        CaseStatus::Solved => ts!(i18n, home.home.case_status.solved),
        CaseStatus::Closed => ts!(i18n, home.home.case_status.closed),
    }
    .to_string()
}

/// The badge colour of a case's status: the customer's turn stands out.
fn case_status_badge(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::WaitingOnCustomer => "badge badge-warning",
        CaseStatus::Solved => "badge badge-success",
        CaseStatus::Closed => "badge badge-muted",
        CaseStatus::Open | CaseStatus::WaitingOnVendor => "badge",
    }
}

/// Help links as a list: each title links out, its description under it.
#[component]
fn HelpLinkList(
    /// The links, in their order.
    links: Vec<HelpLink>,
) -> impl IntoView {
    let class = home_class();
    let items = links
        .into_iter()
        .map(|link| {
            let description = (!link.description.is_empty()).then(|| view! { class=class, <p class="muted help-description">{link.description.clone()}</p> });
            view! { class=class,
                <li class="help-link">
                    <a href=link.url.clone() rel="noopener noreferrer" target="_blank">{link.title.clone()}</a>
                    {description}
                </li>
            }
        })
        .collect_view();
    view! { class=class, <ul class="plain-list help-links">{items}</ul> }
}
