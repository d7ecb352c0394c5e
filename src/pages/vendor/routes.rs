//! The routes under `/vendor` (this area's chunk), each part of the back office a chunk of its
//! own. The app's router only knows `/vendor/*`.

use leptos::prelude::*;
use leptos_router::{
    components::{Redirect, Route, Routes},
    Lazy, ParamSegment, StaticSegment,
};

use super::{seatwise_catalogue as catalogue, seatwise_support_staff as staff, seatwise_prices as prices, seatwise_queue as queue, seatwise_vendor as vendor};
use crate::components::lazy::Page;
use crate::pages::billing::seatwise_contracts as contracts;
use crate::pages::home::seatwise_home as home;
use crate::pages::not_found::not_found_in;
use crate::routes::{paths, AppRoute, TopRoute};

#[component]
pub fn VendorRoutes() -> impl IntoView {
    view! {
        <Routes fallback=not_found_in(TopRoute::Vendor)>
            <Route path=StaticSegment(paths::VENDOR) view=|| view! { <Redirect path=AppRoute::VendorHome.href() /> } />
            <Route
                path=(StaticSegment(paths::VENDOR), StaticSegment(paths::HOME))
                view={Lazy::<Page<home::VendorHome>>::new()}
            />
            <Route
                path=(StaticSegment(paths::VENDOR), StaticSegment(paths::HELP_LINKS))
                view={Lazy::<Page<home::HelpLinks>>::new()}
            />
            <Route
                path=(StaticSegment(paths::VENDOR), StaticSegment(paths::ACCOUNTS))
                view={Lazy::<Page<vendor::Accounts>>::new()}
            />
            <Route
                path=(StaticSegment(paths::VENDOR), StaticSegment(paths::ACCOUNTS), ParamSegment(paths::VENDOR_ACCOUNT_ID))
                view={Lazy::<Page<vendor::Account>>::new()}
            />
            <Route
                path=(StaticSegment(paths::VENDOR), StaticSegment(paths::PRODUCTS))
                view={Lazy::<Page<catalogue::Catalogue>>::new()}
            />
            <Route
                path=(StaticSegment(paths::VENDOR), StaticSegment(paths::PRODUCTS), ParamSegment(paths::VENDOR_PRODUCT_ID))
                view={Lazy::<Page<catalogue::Product>>::new()}
            />
            <Route
                path=(StaticSegment(paths::VENDOR), StaticSegment(paths::REQUESTS))
                view={Lazy::<Page<queue::Queue>>::new()}
            />
            <Route
                path=(StaticSegment(paths::VENDOR), StaticSegment(paths::SUPPORT))
                view={Lazy::<Page<staff::Staff>>::new()}
            />
            <Route
                path=(StaticSegment(paths::VENDOR), StaticSegment(paths::SUPPORT), ParamSegment(paths::CASE_ID))
                view={Lazy::<Page<staff::Staff>>::new()}
            />
            <Route
                path=(StaticSegment(paths::VENDOR), StaticSegment(paths::PRICES))
                view={Lazy::<Page<prices::Prices>>::new()}
            />
            <Route
                path=(StaticSegment(paths::VENDOR), StaticSegment(paths::INVOICES))
                view={Lazy::<Page<contracts::VendorInvoices>>::new()}
            />
        </Routes>
    }
}
