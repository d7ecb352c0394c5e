//! `/vendor/products/:product`: one product of the catalogue. Its details (name, description,
//! icon, trial length; a collection's products), its releases (newest first) and each release's
//! files, uploaded straight from the browser with progress.

use leptos::ev::SubmitEvent;
use leptos::html::{Input, Select};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use seatwise_api::{
    CatalogueProduct, CreateReleaseRequest, FileKind, Platform, Release, ReleaseFile,
    UpdateProductRequest, UploadFileQuery, FILE_LANGUAGES, TEXT_MAX_CHARS,
};
use stylers::style_sheet;
use wasm_bindgen::JsCast;

use super::common::{
    file_kind_name, file_language_name, kind_name, platform_name, size, trial_days, ProductTile,
};
use super::StaffOnly;
use crate::components::table::{Column, DataTable};
use crate::api::{self, ApiError, ApiResult};
use crate::components::confirm::ConfirmPanel;
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton, TextField};
use crate::components::icons::IconWarning;
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::routes::{paths, AppRoute};
use crate::text::{self, use_page_title, I18n};

/// The scoped class of this page's styles.
fn page_class() -> &'static str {
    let class = style_sheet!("src/pages/vendor/product.css");
    class
}

/// `/vendor/products/:product`
#[component]
pub fn VendorProductPage() -> impl IntoView {
    view! { <StaffOnly><VendorProduct /></StaffOnly> }
}

/// What the upload form sends: the release, the query and the chosen file (a `File` is a `Blob`
/// the browser streams; it is never read into wasm memory).
#[derive(Clone)]
struct Upload {
    release_id: String,
    query: UploadFileQuery,
    file: Option<web_sys::File>,
    max_bytes: u64,
}

/// Why an upload did not happen.
#[derive(Debug, Clone, PartialEq)]
enum UploadError {
    /// No file was chosen.
    NoFile,
    /// Larger than the server takes; checked before sending.
    TooLarge { size: u64, max: u64 },
    Api(ApiError),
}

/// The result of an upload, with the release it was for (one action serves every release).
type UploadOutcome = (String, Result<ReleaseFile, UploadError>);

/// The page's changes. The catalogue reloads whenever one of them finishes.
#[derive(Clone, Copy)]
struct Changes {
    update: Action<(String, UpdateProductRequest), ApiResult<CatalogueProduct>>,
    create_release: Action<(String, CreateReleaseRequest), ApiResult<Release>>,
    upload: Action<Upload, UploadOutcome>,
    delete: Action<String, ApiResult<()>>,
    /// Bytes sent and total of the running upload, with its release.
    progress: RwSignal<Option<(String, f64, f64)>>,
    /// The file whose deletion is being confirmed.
    confirming: RwSignal<Option<String>>,
}

#[component]
fn VendorProduct() -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    let toasts = use_toasts();
    let params = use_params_map();
    let product_id =
        Memo::new(move |_| params.with(|p| p.get(paths::VENDOR_PRODUCT_ID).unwrap_or_default()));

    let update = Action::new_local(move |(id, body): &(String, UpdateProductRequest)| {
        let call = api::update_product(id.clone(), body.clone());
        async move {
            let result = call.await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, vendor.catalogue.saved).to_string());
            }
            result
        }
    });
    let create_release = Action::new_local(move |(id, body): &(String, CreateReleaseRequest)| {
        let call = api::create_release(id.clone(), body.clone());
        async move {
            let result = call.await;
            if let Ok(release) = &result {
                let version = release.version.clone();
                toasts.success(move || {
                    ts!(i18n, vendor.catalogue.release_created, version = version.clone())
                });
            }
            result
        }
    });
    let progress = RwSignal::new(None::<(String, f64, f64)>);
    let upload: Action<Upload, UploadOutcome> = Action::new_local(move |upload: &Upload| {
        let upload = upload.clone();
        async move {
            let release = upload.release_id.clone();
            let Some(file) = upload.file else {
                return (release, Err(UploadError::NoFile));
            };
            let bytes = file.size() as u64;
            if bytes > upload.max_bytes {
                // Refused here: no need to send what the server will not take.
                return (release, Err(UploadError::TooLarge { size: bytes, max: upload.max_bytes }));
            }
            progress.set(Some((release.clone(), 0.0, bytes as f64)));
            let for_progress = release.clone();
            let result = api::upload_release_file(release.clone(), upload.query, file, move |sent, total| {
                progress.try_set(Some((for_progress.clone(), sent, total)));
            })
            .await
            .map_err(UploadError::Api);
            if result.is_ok() {
                toasts.success(move || ts!(i18n, vendor.catalogue.uploaded).to_string());
            }
            (release, result)
        }
    });
    let confirming = RwSignal::new(None::<String>);
    let delete = Action::new_local(move |file: &String| {
        let call = api::delete_release_file(file.clone());
        async move {
            let result = call.await;
            match &result {
                Ok(()) => {
                    confirming.set(None);
                    toasts.success(move || ts!(i18n, vendor.catalogue.deleted).to_string());
                }
                Err(error) => toasts.error(error.clone()),
            }
            result
        }
    });
    let changes = Changes { update, create_release, upload, delete, progress, confirming };

    let catalogue = LocalResource::new(move || {
        update.version().track();
        create_release.version().track();
        upload.version().track();
        delete.version().track();
        api::get_catalogue()
    });
    let loaded = Memo::new(move |_| match catalogue.get() {
        Some(Ok(catalogue)) => Some(catalogue),
        _ => None,
    });
    let product = Memo::new(move |_| {
        let id = product_id.get();
        loaded.with(|c| c.as_ref().and_then(|c| c.products.iter().find(|p| p.id == id).cloned()))
    });
    let max_bytes = Memo::new(move |_| loaded.with(|c| c.as_ref().map(|c| c.max_upload_bytes).unwrap_or(0)));
    // The catalogue's products, for a collection's checkboxes.
    let all_products = Memo::new(move |_| {
        loaded.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.products
                        .iter()
                        .filter(|p| p.kind == "product")
                        .map(|p| (p.code.clone(), p.name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // Created once the product is known (not on every reload, which would reset the fields).
    let found = Memo::new(move |_| product.with(|p| p.as_ref().map(|p| p.id.clone())));
    use_page_title(move || {
        product
            .with(|p| p.as_ref().map(|p| p.name.clone()))
            .unwrap_or_else(|| ts!(i18n, vendor.vendor.products).to_string())
    });

    let retry = Callback::new(move |_| catalogue.refetch());
    // Surfaces a failed load to the error boundary (and suspends the Transition while loading).
    let load_state = move || catalogue.get().map(|result| result.map(|_| ()));
    let body = move || {
        let id = found.get();
        match id {
            Some(_) => view! {
                <ProductView product=product all_products=all_products max_bytes=max_bytes changes=changes />
            }
            .into_any(),
            None if loaded.with(Option::is_some) => view! {
                <div class="alert alert-info" role="status"><p>{tv!(i18n, vendor.catalogue.not_found)}</p></div>
            }
            .into_any(),
            None => ().into_any(),
        }
    };
    view! { class=class,
        <p class="back">
            <A href=AppRoute::VendorProducts.href() attr:class=format!("back-link {class}")>
                <span aria-hidden="true">"← "</span>
                {tv!(i18n, vendor.catalogue.back)}
            </A>
        </p>
        <Loaded on_retry=retry>
                {load_state}
                {body}
            </Loaded>
    }
}

#[component]
fn ProductView(
    /// The product (kept current as the catalogue reloads).
    product: Memo<Option<CatalogueProduct>>,
    /// Code and name of every product of the catalogue (for a collection's members).
    all_products: Memo<Vec<(String, String)>>,
    /// The largest file an upload may be.
    max_bytes: Memo<u64>,
    /// The page's actions.
    changes: Changes,
) -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    let field = move |f: fn(&CatalogueProduct) -> String| {
        move || product.with(|p| p.as_ref().map(f).unwrap_or_default())
    };
    let code = product.with_untracked(|p| p.as_ref().map(|p| p.code.clone()).unwrap_or_default());
    let is_product = product.with_untracked(|p| p.as_ref().is_some_and(|p| p.kind == "product"));
    let icon = Signal::derive(field(|p| p.icon.clone()));
    let kind = field(|p| p.kind.clone());
    let trial = move || trial_days(i18n, product.with(|p| p.as_ref().map(|p| p.trial_days).unwrap_or(0)));
    let collections = move || product.with(|p| p.as_ref().map(|p| p.collections.join(", ")).unwrap_or_default());
    let release_ids = Memo::new(move |_| {
        product.with(|p| {
            p.as_ref()
                .map(|p| p.releases.iter().map(|r| r.id.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    view! { class=class,
        <header class="product-head">
            <ProductTile icon=icon code=code.clone() />
            <div>
                <h2 class="product-title">{field(|p| p.name.clone())}</h2>
                <p class="muted">
                    <span class="mono">{code.clone()}</span>
                    " · " {move || kind_name(i18n, &kind())}
                    " · " {trial}
                    {move || (!collections().is_empty()).then(|| view! { " · " {tv!(i18n, vendor.catalogue.in_collections)} ": " {collections} })}
                </p>
            </div>
        </header>
        <div class="detail-grid">
            <div class="detail-main">
                <EditProduct product=product all_products=all_products action=changes.update />
            </div>
            // Only products have releases; a collection is sold, its products are installed.
            {is_product.then(|| view! {
                <div class="detail-side">
                    <CreateRelease product=product action=changes.create_release />
                </div>
            })}
        </div>
        {is_product.then(|| view! { class=class,
            <section class="card releases" aria-labelledby="releases-title">
                <h2 id="releases-title" class="card-title">{tv!(i18n, vendor.catalogue.releases)}</h2>
                {move || release_ids.with(Vec::is_empty).then(|| view! { <p class="empty">{tv!(i18n, vendor.catalogue.no_releases)}</p> })}
                <For each=move || release_ids.get() key=|id| id.clone() let:release_id>
                    <ReleaseBlock release_id=release_id product=product max_bytes=max_bytes changes=changes />
                </For>
            </section>
        })}
        {is_product.then(|| {
            provide_context(super::publish::PublishFor(product));
            view! { <crate::components::lazy::AreaView load=super::publish::part texts=&[] /> }
        })}
    }
}

/// Name, description, icon, trial length and (for a collection) its products.
#[component]
fn EditProduct(
    /// The product; the fields start from its values when the form is created.
    product: Memo<Option<CatalogueProduct>>,
    /// Code and name of every product (for a collection's members).
    all_products: Memo<Vec<(String, String)>>,
    /// Saves the changes.
    action: Action<(String, UpdateProductRequest), ApiResult<CatalogueProduct>>,
) -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    let start = product.get_untracked();
    let value = |f: fn(&CatalogueProduct) -> String| start.as_ref().map(f).unwrap_or_default();
    let id = value(|p| p.id.clone());
    let is_collection = start.as_ref().is_some_and(|p| p.kind == "collection");
    let own_code = value(|p| p.code.clone());
    let name = RwSignal::new(value(|p| p.name.clone()));
    let description = RwSignal::new(value(|p| p.description.clone()));
    let icon = RwSignal::new(value(|p| p.icon.clone()));
    let trial = RwSignal::new(value(|p| p.trial_days.to_string()));
    let members = RwSignal::new(start.as_ref().map(|p| p.members.clone()).unwrap_or_default());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch((
            id.clone(),
            UpdateProductRequest {
                name: name.get_untracked().trim().to_owned(),
                description: description.get_untracked().trim().to_owned(),
                icon: icon.get_untracked().trim().to_owned(),
                trial_days: trial.get_untracked().trim().parse().unwrap_or(0),
                members: if is_collection { members.get_untracked() } else { Vec::new() },
            },
        ));
    };
    let description_error = field_error(action, "description");
    let members_error = field_error(action, "members");
    let member_boxes = move || {
        let own_code = own_code.clone();
        let options: Vec<(String, String)> =
            all_products.get().into_iter().filter(|(code, _)| *code != own_code).collect();
        if options.is_empty() {
            return view! { <p class="muted">{tv!(i18n, vendor.catalogue.no_products)}</p> }.into_any();
        }
        options
            .into_iter()
            .map(|(code, name)| {
                let box_id = format!("member-{code}");
                let checked = {
                    let code = code.clone();
                    move || members.with(|m| m.contains(&code))
                };
                let toggle = {
                    let code = code.clone();
                    move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        members.update(|m| {
                            m.retain(|c| *c != code);
                            if on {
                                m.push(code.clone());
                            }
                        });
                    }
                };
                view! {
                    <div class="check-item">
                        <input type="checkbox" class="checkbox" id=box_id.clone() prop:checked=checked on:change=toggle />
                        <label for=box_id>{name} " (" <span class="mono">{code}</span> ")"</label>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    };
    view! { class=class,
        <section class="card" aria-labelledby="details-title">
            <h2 id="details-title" class="card-title">{tv!(i18n, vendor.catalogue.details)}</h2>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(action) />
                <TextField name="name" label=Signal::derive(move || ts!(i18n, vendor.catalogue.name).to_string())
                    value=name error=field_error(action, "name") required=true maxlength=TEXT_MAX_CHARS />
                <div class="field">
                    <label class="field-label" for="field-description">
                        {tv!(i18n, vendor.catalogue.description)}
                        <span class="field-optional">" (" {tv!(i18n, core.fields.optional)} ")"</span>
                    </label>
                    <textarea
                        id="field-description"
                        name="description"
                        class="input description"
                        rows="4"
                        aria-invalid=move || if description_error.with(Option::is_some) { "true" } else { "false" }
                        aria-describedby=move || description_error.with(Option::is_some).then_some("field-description-error")
                        bind:value=description
                    ></textarea>
                    {move || description_error.get().map(|message| view! { class=class,
                        <p class="inline-error" id="field-description-error"><IconWarning /><span>{message}</span></p>
                    })}
                </div>
                <TextField name="icon" label=Signal::derive(move || ts!(i18n, vendor.catalogue.icon).to_string())
                    hint=Signal::derive(move || Some(ts!(i18n, vendor.catalogue.icon_hint).to_string()))
                    value=icon error=field_error(action, "icon") required=true maxlength=3 />
                <TextField name="trial_days" label=Signal::derive(move || ts!(i18n, vendor.catalogue.trial_days).to_string())
                    hint=Signal::derive(move || Some(ts!(i18n, vendor.catalogue.trial_days_hint).to_string()))
                    value=trial error=field_error(action, "trial_days") input_type="number" required=true />
                {is_collection.then(|| view! { class=class,
                    <fieldset class="check-list" aria-describedby=move || members_error.with(Option::is_some).then_some("members-error")>
                        <legend>{tv!(i18n, vendor.catalogue.members)}</legend>
                        {member_boxes}
                        {move || members_error.get().map(|message| view! { class=class,
                            <p class="inline-error" id="members-error"><IconWarning /><span>{message}</span></p>
                        })}
                    </fieldset>
                })}
                <SubmitButton busy=action.pending()
                    label=Signal::derive(move || ts!(i18n, vendor.catalogue.save).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, vendor.catalogue.saving).to_string())
                    extra_class="btn-block" />
            </form>
        </section>
    }
}

/// Adds a version of the product.
#[component]
fn CreateRelease(
    /// The product the release is for.
    product: Memo<Option<CatalogueProduct>>,
    /// Adds the release.
    action: Action<(String, CreateReleaseRequest), ApiResult<Release>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(String::new());
    let released_on = RwSignal::new(String::new());
    let supported_until = RwSignal::new(String::new());
    let product_key = RwSignal::new(String::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(id) = product.with_untracked(|p| p.as_ref().map(|p| p.id.clone())) else {
            return;
        };
        let until = supported_until.get_untracked();
        action.dispatch((
            id,
            CreateReleaseRequest {
                version: version.get_untracked().trim().to_owned(),
                released_on: released_on.get_untracked(),
                supported_until: (!until.is_empty()).then_some(until),
                product_key: product_key.get_untracked().trim().to_owned(),
            },
        ));
    };
    view! {
        <section class="card" aria-labelledby="create-release">
            <h2 id="create-release" class="card-title">{tv!(i18n, vendor.catalogue.create_release)}</h2>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(action) />
                <TextField name="version" label=Signal::derive(move || ts!(i18n, vendor.catalogue.version).to_string())
                    value=version error=field_error(action, "version") required=true maxlength=TEXT_MAX_CHARS />
                <TextField name="released_on" label=Signal::derive(move || ts!(i18n, vendor.catalogue.released_on).to_string())
                    value=released_on error=field_error(action, "released_on") input_type="date" required=true />
                <TextField name="supported_until" label=Signal::derive(move || ts!(i18n, vendor.catalogue.supported_until).to_string())
                    value=supported_until error=field_error(action, "supported_until") input_type="date" />
                <TextField name="product_key" label=Signal::derive(move || ts!(i18n, vendor.catalogue.product_key).to_string())
                    value=product_key error=field_error(action, "product_key") required=true maxlength=TEXT_MAX_CHARS />
                <SubmitButton busy=action.pending()
                    label=Signal::derive(move || ts!(i18n, vendor.catalogue.create_release).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, vendor.catalogue.saving).to_string())
                    extra_class="btn-block" />
            </form>
        </section>
    }
}

/// One release: its facts, its files and the upload form.
#[component]
fn ReleaseBlock(
    /// The release's id.
    release_id: String,
    /// The product the release belongs to (kept current).
    product: Memo<Option<CatalogueProduct>>,
    /// The largest file an upload may be.
    max_bytes: Memo<u64>,
    /// The page's actions.
    changes: Changes,
) -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    let release = {
        let id = release_id.clone();
        Memo::new(move |_| {
            product.with(|p| p.as_ref().and_then(|p| p.releases.iter().find(|r| r.id == id).cloned()))
        })
    };
    let get = move |f: fn(&Release) -> String| move || release.with(|r| r.as_ref().map(f).unwrap_or_default());
    let heading_id = format!("release-{release_id}");
    let labelled_by = heading_id.clone();
    let released_on = move || intl::format_plain_date(text::tag(i18n), &get(|r| r.released_on.clone())());
    let supported = move || match release.with(|r| r.as_ref().and_then(|r| r.supported_until.clone())) {
        Some(date) => intl::format_plain_date(text::tag(i18n), &date),
        None => ts!(i18n, vendor.catalogue.current).to_string(),
    };
    let files = move || release.with(|r| r.as_ref().map(|r| r.files.clone()).unwrap_or_default());
    let confirming_here = move || {
        let id = changes.confirming.get()?;
        files().into_iter().find(|f| f.id == id)
    };
    let file_rows = move || {
        let list = files();
        if list.is_empty() {
            return view! { <p class="empty">{tv!(i18n, vendor.catalogue.no_files)}</p> }.into_any();
        }
        let rows = list
            .into_iter()
            .map(|file| view! { <FileRow file=file confirming=changes.confirming /> })
            .collect_view();
        view! {
            <DataTable columns=vec![
                Column::new(tv!(i18n, vendor.catalogue.platform)),
                Column::new(tv!(i18n, vendor.catalogue.language)),
                Column::new(tv!(i18n, vendor.catalogue.file_kind)),
                Column::new(tv!(i18n, vendor.catalogue.file_title)),
                Column::new(tv!(i18n, vendor.catalogue.file_name)),
                Column::num(tv!(i18n, vendor.catalogue.size)),
                Column::new(tv!(i18n, vendor.catalogue.sha256)),
                Column::hidden(tv!(i18n, vendor.catalogue.actions)),
            ] caption=tv!(i18n, vendor.catalogue.files)>
                {rows}
            </DataTable>
        }
        .into_any()
    };
    let confirm = move || {
        confirming_here().map(|file| {
            let file_id = file.id.clone();
            let name = file.file_name.clone();
            view! {
                <ConfirmPanel
                    id="delete-file"
                    title=Signal::derive(move || ts!(i18n, vendor.catalogue.delete_title, file_name = name.clone()))
                    text=Signal::derive(move || ts!(i18n, vendor.catalogue.delete_text).to_string())
                    confirm_label=Signal::derive(move || ts!(i18n, vendor.catalogue.delete).to_string())
                    busy=changes.delete.pending()
                    on_confirm=Callback::new(move |_| { changes.delete.dispatch(file_id.clone()); })
                    on_cancel=Callback::new(move |_| changes.confirming.set(None))
                />
            }
        })
    };
    view! { class=class,
        <section class="release" aria-labelledby=labelled_by>
            <h3 id=heading_id class="release-title">{tv!(i18n, vendor.catalogue.version)} " " {get(|r| r.version.clone())}</h3>
            <dl class="facts release-facts">
                <div class="fact"><dt>{tv!(i18n, vendor.catalogue.released_on)}</dt><dd>{released_on}</dd></div>
                <div class="fact"><dt>{tv!(i18n, vendor.catalogue.supported_until)}</dt><dd>{supported}</dd></div>
                <div class="fact"><dt>{tv!(i18n, vendor.catalogue.product_key)}</dt><dd class="mono">{get(|r| r.product_key.clone())}</dd></div>
            </dl>
            <h4 class="files-title">{tv!(i18n, vendor.catalogue.files)}</h4>
            {file_rows}
            {confirm}
            <UploadForm release_id=release_id max_bytes=max_bytes changes=changes />
        </section>
    }
}

#[component]
fn FileRow(
    /// The file.
    file: ReleaseFile,
    /// Set to the file's id to ask before deleting it.
    confirming: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let platform = file.platform;
    let kind = file.kind;
    let language = file.language.clone();
    let bytes = file.size;
    let id = file.id.clone();
    let name = file.file_name.clone();
    let class = page_class();
    view! { class=class,
        <tr>
            <td>{move || platform_name(i18n, platform)}</td>
            <td>{move || file_language_name(i18n, &language)}</td>
            <td>{move || file_kind_name(i18n, kind)}</td>
            <td>{file.title.clone()}</td>
            <td class="break">{file.file_name.clone()}</td>
            <td class="num"><data value=bytes.to_string()>{move || size(i18n, bytes)}</data></td>
            <td><code class="mono break sha">{file.sha256.clone()}</code></td>
            <td>
                <button
                    type="button"
                    class="btn btn-secondary btn-sm"
                    aria-label=move || format!("{} {}", ts!(i18n, vendor.catalogue.delete), name)
                    on:click=move |_| confirming.set(Some(id.clone()))
                >
                    {tv!(i18n, vendor.catalogue.delete)}
                </button>
            </td>
        </tr>
    }
}

/// The translated message of a failed upload.
fn upload_message(i18n: I18n, error: &UploadError) -> String {
    match error {
        UploadError::NoFile => ts!(i18n, vendor.catalogue.choose_file).to_string(),
        UploadError::TooLarge { size: bytes, max } => ts!(i18n, vendor.catalogue.too_large, size = size(i18n, *bytes), max = size(i18n, *max)),
        UploadError::Api(error) => text::error_message(i18n, error),
    }
}

/// Platform, language, kind, title and the file itself; the result (size, SHA-256) below.
#[component]
fn UploadForm(
    /// The release the file belongs to.
    release_id: String,
    /// The largest file an upload may be.
    max_bytes: Memo<u64>,
    /// The page's actions.
    changes: Changes,
) -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    let action = changes.upload;
    let prefix = format!("upload-{release_id}");
    let title = RwSignal::new(String::new());
    let platform_ref = NodeRef::<Select>::new();
    let language_ref = NodeRef::<Select>::new();
    let kind_ref = NodeRef::<Select>::new();
    let file_ref = NodeRef::<Input>::new();

    // The last result of this form's upload.
    let outcome = {
        let id = release_id.clone();
        Memo::new(move |_| action.value().with(|v| v.as_ref().filter(|(release, _)| *release == id).map(|o| o.1.clone())))
    };
    let busy = {
        let id = release_id.clone();
        Signal::derive(move || {
            action.pending().get()
                && changes.progress.with(|p| p.as_ref().is_some_and(|(release, _, _)| *release == id))
        })
    };
    let title_error = Signal::derive(move || match outcome.get() {
        Some(Err(UploadError::Api(error))) => error.field("title").map(|code| text::field_message(i18n, "title", code)),
        _ => None,
    });
    let file_error = Signal::derive(move || match outcome.get() {
        Some(Err(UploadError::Api(error))) => {
            ["file", "file_name"].into_iter().find_map(|f| error.field(f).map(|code| text::field_message(i18n, f, code)))
        }
        Some(Err(error @ (UploadError::NoFile | UploadError::TooLarge { .. }))) => Some(upload_message(i18n, &error)),
        _ => None,
    });
    let alert = move || match outcome.get() {
        Some(Err(UploadError::Api(error))) if !error.has_fields() => Some(text::error_message(i18n, &error)),
        _ => None,
    };
    let on_submit = {
        let release_id = release_id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let select = |r: NodeRef<Select>| r.get_untracked().map(|s| s.value()).unwrap_or_default();
            let file = file_ref
                .get_untracked()
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            let file_name = file.as_ref().map(|f| f.name()).unwrap_or_default();
            action.dispatch_local(Upload {
                release_id: release_id.clone(),
                query: UploadFileQuery {
                    platform: Platform::parse(&select(platform_ref)).unwrap_or(Platform::Windows),
                    language: select(language_ref),
                    kind: FileKind::parse(&select(kind_ref)).unwrap_or(FileKind::Installer),
                    title: title.get_untracked().trim().to_owned(),
                    file_name,
                },
                file: file.map(|f| f.unchecked_into()),
                max_bytes: max_bytes.get_untracked(),
            });
        }
    };
    view! { class=class,
        <details class="upload">
            <summary>{tv!(i18n, vendor.catalogue.upload)}</summary>
            <form class="form upload-form" novalidate on:submit=on_submit>
                {move || alert().map(|message| view! {
                    <div class="alert alert-error" role="alert"><IconWarning /><p>{message}</p></div>
                })}
                <UploadSelects prefix=prefix.clone() platform_ref=platform_ref language_ref=language_ref kind_ref=kind_ref />
                <TextField name="title" id=format!("{prefix}-title")
                    label=Signal::derive(move || ts!(i18n, vendor.catalogue.file_title).to_string())
                    value=title error=title_error required=true maxlength=TEXT_MAX_CHARS />
                <FileField prefix=prefix.clone() file_ref=file_ref file_error=file_error max_bytes=max_bytes />
                <UploadProgress prefix=prefix busy=busy progress=changes.progress />
                <SubmitButton busy=busy
                    label=Signal::derive(move || ts!(i18n, vendor.catalogue.upload_submit).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, vendor.catalogue.uploading).to_string()) />
            </form>
        </details>
        <UploadDone outcome=outcome />
    }
}

/// The upload's platform, language and kind of file.
#[component]
fn UploadSelects(
    /// The start of the form's ids (`upload-<release>`).
    prefix: String,
    /// The platform's select, read when the form is sent.
    platform_ref: NodeRef<Select>,
    /// The language's select, read when the form is sent.
    language_ref: NodeRef<Select>,
    /// The kind's select, read when the form is sent.
    kind_ref: NodeRef<Select>,
) -> impl IntoView {
    let i18n = use_i18n();
    let select = |id: String, label: Signal<String>, node: NodeRef<Select>, options: AnyView| {
        view! {
            <div class="field">
                <label class="field-label" for=id.clone()>{move || label.get()}</label>
                <select id=id class="input select" node_ref=node>{options}</select>
            </div>
        }
    };
    let platform_options = Platform::ALL
        .into_iter()
        .map(|p| view! { <option value=p.as_str()>{move || platform_name(i18n, p)}</option> })
        .collect_view()
        .into_any();
    let language_options = FILE_LANGUAGES
        .iter()
        .map(|code| view! { <option value=*code>{move || file_language_name(i18n, code)}</option> })
        .collect_view()
        .into_any();
    let kind_options = FileKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.as_str()>{move || file_kind_name(i18n, k)}</option> })
        .collect_view()
        .into_any();
    view! {
        {select(format!("{prefix}-platform"), Signal::derive(move || ts!(i18n, vendor.catalogue.platform).to_string()), platform_ref, platform_options)}
        {select(format!("{prefix}-language"), Signal::derive(move || ts!(i18n, vendor.catalogue.language).to_string()), language_ref, language_options)}
        {select(format!("{prefix}-kind"), Signal::derive(move || ts!(i18n, vendor.catalogue.file_kind).to_string()), kind_ref, kind_options)}
    }
}

/// The file to upload, with the largest size allowed and why the last upload was refused.
#[component]
fn FileField(
    /// The start of the form's ids (`upload-<release>`).
    prefix: String,
    /// The file input, read when the form is sent.
    file_ref: NodeRef<Input>,
    /// Why the last upload's file was refused, translated.
    file_error: Signal<Option<String>>,
    /// The largest file an upload may be.
    max_bytes: Memo<u64>,
) -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    let max_hint = move || {
        ts!(i18n, vendor.catalogue.max_size, max = size(i18n, max_bytes.get()))
    };
    let file_id = format!("{prefix}-file");
    let hint_id = format!("{prefix}-file-hint");
    let error_id = format!("{prefix}-file-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            if file_error.with(Option::is_some) {
                format!("{error_id} {hint_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    view! { class=class,
        <div class="field">
            <label class="field-label" for=file_id.clone()>{tv!(i18n, vendor.catalogue.file)}</label>
            <p class="field-hint muted" id=hint_id>{max_hint}</p>
            <input
                id=file_id
                class="input"
                type="file"
                node_ref=file_ref
                aria-invalid=move || if file_error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
            />
            {move || file_error.get().map(|message| view! { class=class,
                <p class="inline-error" id=error_id.clone()><IconWarning /><span>{message}</span></p>
            })}
        </div>
    }
}

/// The progress of this form's upload while it runs.
#[component]
fn UploadProgress(
    /// The start of the form's ids (`upload-<release>`).
    prefix: String,
    /// Whether this form's upload is running.
    busy: Signal<bool>,
    /// Bytes sent and total of the running upload, with its release.
    progress: RwSignal<Option<(String, f64, f64)>>,
) -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    move || {
        busy.get().then(|| {
            let (sent, total) = progress.with(|p| p.as_ref().map(|(_, s, t)| (*s, *t)).unwrap_or((0.0, 0.0)));
            let label = ts!(i18n, vendor.catalogue.progress_text, sent = size(i18n, sent as u64), total = size(i18n, total as u64));
            view! { class=class,
                <div class="upload-progress">
                    <label for=format!("{prefix}-progress")>{tv!(i18n, vendor.catalogue.progress)}</label>
                    <progress id=format!("{prefix}-progress") max=total.max(1.0) value=sent>{label.clone()}</progress>
                    <p class="muted" role="status">{label}</p>
                </div>
            }
        })
    }
}

/// The uploaded file's name, size and SHA-256, once this form's upload succeeded.
#[component]
fn UploadDone(
    /// The last result of this form's upload.
    outcome: Memo<Option<Result<ReleaseFile, UploadError>>>,
) -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    let done = move || match outcome.get() {
        Some(Ok(file)) => Some(file),
        _ => None,
    };
    move || done().map(|file| {
        let bytes = file.size;
        let name = file.file_name.clone();
        view! { class=class,
            <div class="alert alert-success upload-done" role="status">
                <div>
                    <p class="alert-title">{move || ts!(i18n, vendor.catalogue.uploaded_title, file_name = name.clone())}</p>
                    <dl class="facts">
                        <div class="fact"><dt>{tv!(i18n, vendor.catalogue.size)}</dt><dd><data value=bytes.to_string()>{move || size(i18n, bytes)}</data></dd></div>
                        <div class="fact"><dt>{tv!(i18n, vendor.catalogue.sha256)}</dt><dd><code class="mono break sha">{file.sha256.clone()}</code></dd></div>
                    </dl>
                </div>
            </div>
        }
    })
}
