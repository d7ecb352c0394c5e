//! The routes under `/accounts` (this area's chunk): the chooser, and an account's frame with
//! its pages, each page area a chunk of its own. The app's router only knows `/accounts/*`, so
//! the first download carries none of these routes.

use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route, Routes},
    Lazy, ParamSegment, StaticSegment,
};

use super::{AccountHome, AccountLayout, AccountsPage};
use crate::components::lazy::Page;
use crate::pages::{
    billing::seatwise_contracts as contracts,
    accounts::{
        seatwise_activity as activity, seatwise_import as import, seatwise_invitations as invitations,
        seatwise_member as member,
        seatwise_seats as seats, seatwise_teams as teams, seatwise_users as users,
    },
    home::seatwise_home as home,
    not_found::not_found_in,
    support::seatwise_support as support,
    reports::{seatwise_devices as devices, seatwise_reports as reports},
    products::{
        seatwise_packages as packages, seatwise_product as product, seatwise_requests as requests,
        seatwise_software as software, seatwise_trials as trials,
    },
};
use crate::routes::{paths, TopRoute};

#[component]
pub fn AccountRoutes() -> impl IntoView {
    view! {
        <Routes fallback=not_found_in(TopRoute::Accounts)>
            <Route path=StaticSegment(paths::ACCOUNTS) view=AccountsPage />
            <ParentRoute path=(StaticSegment(paths::ACCOUNTS), ParamSegment(paths::ACCOUNT_ID)) view=AccountLayout>
                <Route path=StaticSegment("") view=AccountHome />
                <Route path=StaticSegment(paths::HOME) view={Lazy::<Page<home::Home>>::new()} />
                <Route path=StaticSegment(paths::USERS) view={Lazy::<Page<users::Users>>::new()} />
                <Route
                    path=(StaticSegment(paths::USERS), ParamSegment(paths::USER_ID))
                    view={Lazy::<Page<member::Member>>::new()}
                />
                <Route path=StaticSegment(paths::PRODUCTS) view={Lazy::<Page<seats::Products>>::new()} />
                <Route
                    path=(StaticSegment(paths::PRODUCTS), ParamSegment(paths::SUBSCRIPTION_ID))
                    view={Lazy::<Page<seats::Subscription>>::new()}
                />
                <Route path=StaticSegment(paths::TEAMS) view={Lazy::<Page<teams::Teams>>::new()} />
                <Route path=StaticSegment(paths::DIRECTORY) view={Lazy::<Page<teams::Directory>>::new()} />
                <Route path=StaticSegment(paths::INVITATIONS) view={Lazy::<Page<invitations::Invitations>>::new()} />
                <Route path=StaticSegment(paths::IMPORT) view={Lazy::<Page<import::Import>>::new()} />
                <Route path=StaticSegment(paths::ACTIVITY) view={Lazy::<Page<activity::Activity>>::new()} />
                <Route path=StaticSegment(paths::SOFTWARE) view={Lazy::<Page<software::Software>>::new()} />
                <Route
                    path=(StaticSegment(paths::SOFTWARE), ParamSegment(paths::PRODUCT_CODE))
                    view={Lazy::<Page<product::Product>>::new()}
                />
                <Route
                    path=(StaticSegment(paths::SOFTWARE), ParamSegment(paths::PRODUCT_CODE), StaticSegment(paths::REQUEST), ParamSegment(paths::REQUEST_KIND))
                    view={Lazy::<Page<requests::RequestForm>>::new()}
                />
                <Route path=StaticSegment(paths::REQUESTS) view={Lazy::<Page<requests::Requests>>::new()} />
                // The list, `new` (the form) and a case: one page (`pages::support`).
                <Route path=StaticSegment(paths::SUPPORT) view={Lazy::<Page<support::Customer>>::new()} />
                <Route path=(StaticSegment(paths::SUPPORT), ParamSegment(paths::CASE_ID)) view={Lazy::<Page<support::Customer>>::new()} />
                <Route path=StaticSegment(paths::TRIALS) view={Lazy::<Page<trials::Trials>>::new()} />
                <Route path=StaticSegment(paths::PACKAGES) view={Lazy::<Page<packages::Packages>>::new()} />
                <Route path=StaticSegment(paths::SUBSCRIPTIONS) view={Lazy::<Page<contracts::Contracts>>::new()} />
                <Route
                    path=(StaticSegment(paths::SUBSCRIPTIONS), ParamSegment(paths::SUBSCRIPTION_ID))
                    view={Lazy::<Page<seats::Billing>>::new()}
                />
                <Route
                    path=(StaticSegment(paths::INVOICES), ParamSegment(paths::INVOICE_ID))
                    view={Lazy::<Page<contracts::Invoice>>::new()}
                />
                <Route path=StaticSegment(paths::REPORTS) view={Lazy::<Page<reports::Reports>>::new()} />
                <Route path=StaticSegment(paths::DEVICES) view={Lazy::<Page<devices::Devices>>::new()} />
                <Route
                    path=(StaticSegment(paths::PACKAGES), ParamSegment(paths::PACKAGE_ID))
                    view={Lazy::<Page<packages::Package>>::new()}
                />
            </ParentRoute>
        </Routes>
    }
}
