//! `/vendor/products`: the vendor's catalogue (products and collections) and a form to add one.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{CreateProductRequest, TEXT_MAX_CHARS};
use stylers::style_sheet;

use super::common::{kind_name, trial_days, ProductTile};
use super::StaffOnly;
use crate::components::table::{Column, DataTable};
use crate::api;
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::routes::AppRoute;
use crate::text::{self, use_page_title};

/// `/vendor/products`
#[component]
pub fn CataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, vendor.vendor.products).to_string());
    view! { <StaffOnly><Catalogue /></StaffOnly> }
}

#[component]
fn Catalogue() -> impl IntoView {
    let class = style_sheet!("src/pages/vendor/catalogue.css");
    let i18n = use_i18n();
    let toasts = use_toasts();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("product".to_owned());
    let create = Action::new_local(move |request: &CreateProductRequest| {
        let request = api::create_product(request.clone());
        async move {
            let result = request.await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, vendor.vendor.product_created).to_string());
            }
            result
        }
    });
    let catalogue = LocalResource::new(move || {
        create.version().track();
        api::get_catalogue()
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateProductRequest {
            code: code.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
        });
    };
    let retry = Callback::new(move |_| catalogue.refetch());
    let rows = move || {
        catalogue.get().map(|result| {
            result.map(|catalogue| {
                if catalogue.products.is_empty() {
                    return view! { <p class="empty">{tv!(i18n, vendor.catalogue.empty)}</p> }.into_any();
                }
                let rows = catalogue
                    .products
                    .into_iter()
                    .map(|p| {
                        let kind = p.kind.clone();
                        let trial = p.trial_days;
                        let releases = p.releases.len();
                        let is_collection = p.kind == "collection";
                        let icon = p.icon.clone();
                        view! { class=class,
                            <tr>
                                <td>
                                    <span class="product-cell">
                                        <ProductTile icon=icon code=p.code.clone() />
                                        <A href=AppRoute::VendorProduct(p.id.clone()).href()>{p.name.clone()}</A>
                                    </span>
                                </td>
                                <td class="mono">{p.code.clone()}</td>
                                <td>{move || kind_name(i18n, &kind)}</td>
                                <td>{move || trial_days(i18n, trial)}</td>
                                // Only products have releases.
                                <td class="num">{(!is_collection).then(|| move || text::number(i18n, releases))}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <DataTable columns=vec![
                        Column::new(tv!(i18n, vendor.catalogue.product)),
                        Column::new(tv!(i18n, vendor.vendor.code)),
                        Column::new(tv!(i18n, vendor.catalogue.kind)),
                        Column::new(tv!(i18n, vendor.catalogue.trial)),
                        Column::num(tv!(i18n, vendor.catalogue.releases)),
                    ]>
                        {rows}
                    </DataTable>
                }
                .into_any()
            })
        })
    };
    view! {
        <div class="detail-grid">
            <section class="card" aria-labelledby="catalogue-title">
                <div class="section-head"><h2 id="catalogue-title">{tv!(i18n, vendor.catalogue.heading)}</h2></div>
                <p class="muted">{tv!(i18n, vendor.catalogue.intro)}</p>
                <Loaded on_retry=retry>
                        {rows}
                    </Loaded>
            </section>
            <section class="card" aria-labelledby="create-product">
                <h2 id="create-product" class="card-title">{tv!(i18n, vendor.vendor.create_product)}</h2>
                <form class="form" novalidate on:submit=on_submit>
                    <FormAlert error=action_error(create) />
                    <TextField name="code" label=Signal::derive(move || ts!(i18n, vendor.vendor.code).to_string())
                        value=code error=field_error(create, "code") required=true maxlength=TEXT_MAX_CHARS />
                    <TextField name="name" label=Signal::derive(move || ts!(i18n, vendor.vendor.product_name).to_string())
                        value=name error=field_error(create, "name") required=true maxlength=TEXT_MAX_CHARS />
                    <div class="field">
                        <label class="field-label" for="field-kind">{tv!(i18n, vendor.vendor.kind)}</label>
                        <select id="field-kind" class="input select" on:change=move |ev| kind.set(event_target_value(&ev))>
                            <option value="product">{tv!(i18n, vendor.vendor.kind_product)}</option>
                            <option value="collection">{tv!(i18n, vendor.vendor.kind_collection)}</option>
                        </select>
                    </div>
                    <SubmitButton busy=create.pending()
                        label=Signal::derive(move || ts!(i18n, vendor.vendor.create_product).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, vendor.vendor.creating).to_string())
                        extra_class="btn-block" />
                </form>
            </section>
        </div>
    }
}
