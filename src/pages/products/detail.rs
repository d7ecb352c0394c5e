//! `/accounts/:account/software/:code`: one product: seats, licence, end date and versions;
//! downloads, activation data and updates in tabs, and the "More actions" menu with the licence
//! requests that apply. The tab and the downloads' version, platform and language are in the
//! query (`?tab=downloads&version=2026&platform=macos&language=sl`).

use std::collections::BTreeSet;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use seatwise_api::{
    DownloadLink, FileKind, LicenceType, Platform, ProductDetail, Release, ReleaseFile,
    RequestAvailability, RequestKind,
};

use super::{
    area_class, browser_platform, days_left, file_kind_name, file_language_name, platform_name,
    request_kind_name, size, start_trial_label, CopyButton, ProductTile,
};
use crate::api::{self, ApiResult};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::account::use_account;
use crate::components::select::SelectField;
use crate::routes::{paths, AppRoute, ProductTab as Tab, ProductView, SoftwareFilters};
use crate::text::{self, use_page_title};

/// Shows this product in another view: the query changes, the page stays where it is.
fn use_show_view() -> impl Fn(ProductView) + Clone + 'static {
    let navigate = use_navigate();
    let account = use_account();
    let params = use_params_map();
    move |view: ProductView| {
        let href = AppRoute::AccountSoftwareProduct {
            account: account.id.get_untracked(),
            code: params.with_untracked(|p| p.get(paths::PRODUCT_CODE).unwrap_or_default()),
            view,
        }
        .href();
        navigate(&href, NavigateOptions { scroll: false, ..Default::default() });
    }
}

#[component]
pub fn ProductDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get(paths::PRODUCT_CODE).unwrap_or_default()));
    let start_trial = Action::new_local(move |code: &String| {
        let request = api::start_trial(account.id.get_untracked(), code.clone());
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
    });
    let detail = LocalResource::new(move || {
        start_trial.version().track();
        api::get_account_product(account.id.get(), code.get())
    });
    let title = Memo::new(move |_| match detail.get() {
        Some(Ok(d)) => Some(d.name),
        _ => None,
    });
    use_page_title(move || title.get().unwrap_or_else(|| ts!(i18n, software.products.services_title).to_string()));
    let retry = Callback::new(move |_| detail.refetch());
    let back = move || {
        AppRoute::AccountSoftware { account: account.id.get(), filters: SoftwareFilters::default() }.href()
    };
    let content = move || {
        detail.get().map(|result| result.map(|d| view! { <DetailView detail=d start_trial=start_trial /> }))
    };
    view! {
        <A href=back attr:class="back-link">{tv!(i18n, software.products.back_to_services)}</A>
        <Loaded on_retry=retry>
                {content}
            </Loaded>
    }
}

#[component]
fn DetailView(
    detail: ProductDetail,
    /// Starts a trial of a product (by code).
    start_trial: Action<String, ApiResult<seatwise_api::Trial>>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let query = use_query_map();
    let view = Memo::new(move |_| query.with(ProductView::from_query));
    let tab = Memo::new(move |_| view.with(|v| v.tab).unwrap_or_default());
    let detail = StoredValue::new(detail);
    let d = detail.get_value();
    // The version of the downloads and updates: the one in the URL if the person may use it,
    // otherwise the newest.
    let version = Memo::new(move |_| {
        let wanted = view.with(|v| v.version.clone());
        detail.with_value(|d| {
            wanted
                .filter(|w| d.releases.iter().any(|r| &r.version == w))
                .or_else(|| d.releases.first().map(|r| r.version.clone()))
                .unwrap_or_default()
        })
    });
    let release = Memo::new(move |_| {
        detail.with_value(|d| d.releases.iter().find(|r| version.with(|v| &r.version == v)).cloned())
    });
    let can_try = d.trial_days > 0 && d.trial.is_none() && !d.entitled;
    let trial_days = d.trial_days;
    let code = d.code.clone();
    let facts = d
        .coverage
        .iter()
        .map(|c| {
            let c = c.clone();
            let seats = (c.seats_used, c.seats);
            let tag = move || text::tag(i18n);
            view! { class=class,
                <div class="fact-card">
                    <dl class="facts">
                        <div class="fact">
                            <dt>{tv!(i18n, software.products.licence_type)}</dt>
                            <dd>{move || text::licence_name(i18n, c.licence_type)}</dd>
                        </div>
                        <div class="fact">
                            <dt>{tv!(i18n, software.products.seats)}</dt>
                            <dd>{move || text::seats(i18n, seats.0, seats.1)}</dd>
                        </div>
                        <div class="fact">
                            <dt>{tv!(i18n, software.products.end_date)}</dt>
                            <dd>{move || intl::format_plain_date(tag(), &c.end_date)}</dd>
                        </div>
                        <div class="fact">
                            <dt>{tv!(i18n, software.products.contract_label)}</dt>
                            <dd>{c.contract_number.clone()}</dd>
                        </div>
                    </dl>
                    {(c.via_code != code).then(|| {
                        let via = c.via_name.clone();
                        view! { class=class, <p class="via">{move || ts!(i18n, software.products.via_collection, collection = via.clone())}</p> }
                    })}
                </div>
            }
        })
        .collect_view();
    let versions = {
        let mine: Vec<String> = d.releases.iter().map(|r| r.version.clone()).collect();
        let others = d.other_versions.clone();
        view! { class=class,
            <div class="versions">
                <h3 class="small-title">{tv!(i18n, software.products.versions)}</h3>
                <ul class="tag-list">
                    {mine.into_iter().map(|v| view! { <li class="tag">{v}</li> }).collect_view()}
                    {others.into_iter().map(|v| view! { class=class,
                        <li class="tag tag-off">{v} " · " {tv!(i18n, software.products.version_not_included)}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
    };
    let trial_note = d.trial.clone().map(|t| {
        let ended = !t.active;
        view! { class=class,
            <p class="badge badge-warning">
                {tv!(i18n, software.trials.badge)} " · "
                {move || if ended { ts!(i18n, software.trials.ended).to_string() } else { days_left(i18n, t.days_left) }}
            </p>
        }
    });
    let entitled = d.entitled;
    let trial_code = d.code.clone();
    view! { class=class,
        <section class="card" aria-labelledby="product-name">
            <div class="product-head">
                <ProductTile code=d.code.clone() icon=d.icon.clone() />
                <div class="product-head-text">
                    <h2 id="product-name" class="card-title">{d.name.clone()}</h2>
                    <p class="muted">{d.description.clone()}</p>
                    {trial_note}
                </div>
                <MoreActions detail=detail />
            </div>
            <div class="fact-cards">{facts}</div>
            {versions}
        </section>
        {if entitled {
            view! { class=class,
                <nav aria-label=move || ts!(i18n, software.products.tabs_label)>
                    <ul class="tabs">
                        {Tab::ALL.into_iter().map(|t| view! { <TabLink tab=t current=tab view=view /> }).collect_view()}
                    </ul>
                </nav>
                <section class="card">
                    {move || match tab.get() {
                        Tab::Downloads => view! { <Downloads detail=detail view=view version=version release=release /> }.into_any(),
                        Tab::Activation => view! { <Activations detail=detail /> }.into_any(),
                        Tab::Updates => view! { <Updates detail=detail view=view version=version release=release /> }.into_any(),
                    }}
                </section>
            }
            .into_any()
        } else {
            view! { class=class,
                <section class="card" aria-labelledby="not-entitled">
                    <h2 id="not-entitled" class="card-title">{tv!(i18n, software.products.not_entitled_title)}</h2>
                    <p class="alert alert-info" data-testid="not-entitled">{tv!(i18n, core.errors.not_entitled)}</p>
                    {can_try.then(|| {
                        let code = trial_code.clone();
                        view! { class=class,
                            <button
                                type="button"
                                class="btn btn-primary"
                                disabled=move || start_trial.pending().get()
                                on:click=move |_| { start_trial.dispatch(code.clone()); }
                            >
                                {move || start_trial_label(i18n, trial_days)}
                            </button>
                        }
                    })}
                </section>
            }
            .into_any()
        }}
    }
}

/// A tab of the product (a link: the tab lives in the URL, with the other choices kept).
#[component]
fn TabLink(
    /// The tab this link opens.
    tab: Tab,
    /// The tab shown now.
    current: Memo<Tab>,
    /// The view in the URL now.
    view: Memo<ProductView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let params = use_params_map();
    let href = move || {
        AppRoute::AccountSoftwareProduct {
            account: account.id.get(),
            code: params.with(|p| p.get(paths::PRODUCT_CODE).unwrap_or_default()),
            view: ProductView { tab: Some(tab), ..view.get() },
        }
        .href()
    };
    let label = move || match tab {
        Tab::Downloads => ts!(i18n, software.products.tab_downloads),
        Tab::Activation => ts!(i18n, software.products.tab_activation),
        Tab::Updates => ts!(i18n, software.products.tab_updates),
    };
    view! {
        <li>
            <a href=href class="tab" aria-current=move || (current.get() == tab).then_some("page")>{label}</a>
        </li>
    }
}

fn version_options(detail: StoredValue<ProductDetail>) -> Vec<(String, String)> {
    detail.with_value(|d| d.releases.iter().map(|r| (r.version.clone(), r.version.clone())).collect())
}

/// Installers and language packs of a version, platform and language (all three in the URL).
#[component]
fn Downloads(
    detail: StoredValue<ProductDetail>,
    /// The view in the URL.
    view: Memo<ProductView>,
    /// The chosen version.
    version: Memo<String>,
    /// The chosen version's release.
    release: Memo<Option<Release>>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let show = use_show_view();
    // Changes one choice; the tab is named so the link says what it shows.
    let choose = move |change: &dyn Fn(&mut ProductView)| {
        let mut next = view.get_untracked();
        next.tab = Some(Tab::Downloads);
        change(&mut next);
        show(next);
    };
    let on_version = { let choose = choose.clone(); Callback::new(move |v: Option<String>| choose(&|x| x.version = v.clone())) };
    let on_platform = { let choose = choose.clone(); Callback::new(move |p: Option<Platform>| choose(&|x| x.platform = p)) };
    let on_language = { let choose = choose.clone(); Callback::new(move |l: Option<String>| choose(&|x| x.language = l.clone())) };
    // The platform in the URL, otherwise the one this browser runs on.
    let this_platform = browser_platform();
    let platform = Memo::new(move |_| {
        view.with(|v| v.platform).unwrap_or(this_platform)
    });
    let main_files = move |r: &Release| -> Vec<ReleaseFile> {
        r.files
            .iter()
            .filter(|f| matches!(f.kind, FileKind::Installer | FileKind::LanguagePack))
            .filter(|f| f.platform == platform.get())
            .cloned()
            .collect()
    };
    // The languages files exist in for this version and platform.
    let languages = Memo::new(move |_| {
        let mut set = BTreeSet::new();
        if let Some(r) = release.get() {
            for f in main_files(&r) {
                set.insert(f.language);
            }
        }
        set
    });
    // The language in the URL if files exist in it; otherwise the interface language when a
    // file exists in it, otherwise every language.
    let language = Signal::derive(move || {
        let available = languages.get();
        view.with(|v| v.language.clone())
            .filter(|l| l == "multi" || available.contains(l))
            .or_else(|| {
                let ui = text::tag(i18n).to_owned();
                available.contains(&ui).then_some(ui)
            })
            .unwrap_or_else(|| "multi".to_owned())
    });
    let files = move || {
        let lang = language.get();
        release
            .get()
            .map(|r| {
                main_files(&r)
                    .into_iter()
                    .filter(|f| f.language == lang || f.language == "multi")
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let list = move || {
        let files = files();
        if files.is_empty() {
            return view! { <p class="empty">{tv!(i18n, software.products.no_files)}</p> }.into_any();
        }
        view! { class=class,
            <ul class="file-list">
                {files.into_iter().map(|f| view! { <FileRow file=f /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! { class=class,
        <h2 class="card-title">{tv!(i18n, software.products.tab_downloads)}</h2>
        <div class="toolbar">
            <SelectField
                id="download-version"
                label=Signal::derive(move || ts!(i18n, software.products.choose_version).to_string())
                options=Signal::derive(move || version_options(detail))
                value=Signal::derive(move || Some(version.get()))
                on_change=on_version
            />
            <SelectField
                id="download-platform"
                label=Signal::derive(move || ts!(i18n, software.products.choose_platform).to_string())
                options=Signal::derive(move || Platform::ALL.into_iter().map(|p| (p, platform_name(i18n, p))).collect())
                value=Signal::derive(move || Some(platform.get()))
                on_change=on_platform
            />
            <SelectField
                id="download-language"
                label=Signal::derive(move || ts!(i18n, software.products.choose_language).to_string())
                options=Signal::derive(move || {
                    let mut langs: Vec<String> = languages.get().into_iter().collect();
                    if !langs.iter().any(|l| l == "multi") {
                        langs.insert(0, "multi".to_owned());
                    }
                    langs.into_iter().map(|l| { let name = file_language_name(i18n, &l); (l, name) }).collect()
                })
                value=Signal::derive(move || Some(language.get()))
                on_change=on_language
            />
        </div>
        {list}
    }
}

/// One file: what it is, size, SHA-256, a download link and a signed link for curl.
#[component]
fn FileRow(file: ReleaseFile) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let href = api::file_download_href(&account.id.get_untracked(), &file.id);
    let make_link = Action::new_local(move |file_id: &String| {
        api::create_download_link(account.id.get_untracked(), file_id.clone())
    });
    let link = move || make_link.value().get();
    let file_id = file.id.clone();
    let sha = file.sha256.clone();
    let title = file.title.clone();
    let kind = file.kind;
    let lang = file.language.clone();
    let platform = file.platform;
    let bytes = file.size;
    let sha_label = {
        let name = file.file_name.clone();
        Signal::derive(move || ts!(i18n, software.products.copy_sha, file = name.clone()))
    };
    let test_id = format!("file-{}", file.file_name);
    view! { class=class,
        <li class="file" data-testid=test_id>
            <div class="file-head">
                <div>
                    <p class="file-title">{title}</p>
                    <p class="muted file-facts">
                        {move || format!(
                            "{} · {} · {} · {}",
                            file_kind_name(i18n, kind),
                            platform_name(i18n, platform),
                            file_language_name(i18n, &lang),
                            super::size(i18n, bytes)
                        )}
                    </p>
                </div>
                <div class="cell-actions">
                    <a class="btn btn-primary btn-sm" href=href download=file.file_name.clone()>
                        {tv!(i18n, software.products.download)}
                        <span class="visually-hidden">" " {file.file_name.clone()}</span>
                    </a>
                    <button
                        type="button"
                        class="btn btn-secondary btn-sm"
                        disabled=move || make_link.pending().get()
                        on:click=move |_| { make_link.dispatch(file_id.clone()); }
                    >
                        {tv!(i18n, software.products.copy_curl)}
                    </button>
                </div>
            </div>
            <p class="file-name">{file.file_name.clone()}</p>
            <div class="sha">
                <span class="sha-label">"SHA-256"</span>
                <code class="mono" data-testid="sha256">{sha.clone()}</code>
                <CopyButton text=Signal::derive(move || sha.clone()) label=sha_label />
            </div>
            {move || link().map(|result| match result {
                Ok(link) => view! { <SignedLink link=link /> }.into_any(),
                Err(error) => view! { class=class,
                    <p class="alert alert-error" role="alert">{text::error_message(i18n, &error)}</p>
                }.into_any(),
            })}
        </li>
    }
}

/// The curl command of a signed link, read-only, with a Copy button and the expiry.
#[component]
fn SignedLink(link: DownloadLink) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let id = format!("curl-{}", link.sha256.chars().take(12).collect::<String>());
    let curl = link.curl.clone();
    let expires = link.expires_at.clone();
    view! { class=class,
        <div class="field signed-link">
            <label class="field-label" for=id.clone()>{tv!(i18n, software.products.curl_label)}</label>
            <div class="search-row">
                <input id=id.clone() class="input mono" type="text" readonly prop:value=link.curl.clone() />
                <CopyButton
                    text=Signal::derive(move || curl.clone())
                    label=Signal::derive(move || ts!(i18n, software.products.copy_curl_command).to_string())
                />
            </div>
            <p class="field-hint">
                {move || ts!(i18n, software.products.link_expires, time = intl::format_date_time(text::tag(i18n), &expires))}
            </p>
        </div>
    }
}

/// Serial numbers and product keys per version.
#[component]
fn Activations(detail: StoredValue<ProductDetail>) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let rows = detail.with_value(|d| d.activations.clone());
    if rows.is_empty() {
        return view! { class=class,
            <h2 class="card-title">{tv!(i18n, software.products.tab_activation)}</h2>
            <p class="empty">{tv!(i18n, software.products.no_activations)}</p>
        }
        .into_any();
    }
    let body = rows
        .into_iter()
        .map(|a| {
            let serial = a.serial_number.clone();
            let key = a.product_key.clone();
            let version = a.version.clone();
            let serial_label = {
                let version = version.clone();
                Signal::derive(move || ts!(i18n, software.products.copy_serial, version = version.clone()))
            };
            let key_label = {
                let version = version.clone();
                Signal::derive(move || ts!(i18n, software.products.copy_key, version = version.clone()))
            };
            let licence = a.licence_type;
            view! { class=class,
                <tr>
                    <td>{a.version.clone()}</td>
                    <td><code class="mono">{a.serial_number.clone()}</code> " " <CopyButton text=Signal::derive(move || serial.clone()) label=serial_label /></td>
                    <td><code class="mono">{a.product_key.clone()}</code> " " <CopyButton text=Signal::derive(move || key.clone()) label=key_label /></td>
                    <td>{move || text::licence_name(i18n, licence)}</td>
                    <td>{a.contract_number.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! { class=class,
        <h2 class="card-title">{tv!(i18n, software.products.tab_activation)}</h2>
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{tv!(i18n, software.products.col_version)}</th>
                        <th scope="col">{tv!(i18n, software.products.serial_number)}</th>
                        <th scope="col">{tv!(i18n, software.products.product_key)}</th>
                        <th scope="col">{tv!(i18n, software.products.licence_type)}</th>
                        <th scope="col">{tv!(i18n, software.products.contract_label)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Starts the download of each URL, one after the other, through a temporary link.
fn download_all(urls: Vec<(String, String)>) {
    let document = document();
    for (i, (href, name)) in urls.into_iter().enumerate() {
        let document = document.clone();
        set_timeout(
            move || {
                let Ok(element) = document.create_element("a") else { return };
                let Ok(anchor) = element.dyn_into::<web_sys::HtmlAnchorElement>() else { return };
                anchor.set_href(&href);
                anchor.set_download(&name);
                anchor.set_hidden(true);
                if let Some(body) = document.body() {
                    let _ = body.append_child(&anchor);
                    anchor.click();
                    anchor.remove();
                }
            },
            std::time::Duration::from_millis(400 * i as u64),
        );
    }
}

/// Updates and add-ons of the chosen version, each with its own link; several at once.
#[component]
fn Updates(
    detail: StoredValue<ProductDetail>,
    /// The view in the URL.
    view: Memo<ProductView>,
    /// The chosen version.
    version: Memo<String>,
    /// The chosen version's release.
    release: Memo<Option<Release>>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let show = use_show_view();
    let pick_version = move |value: String| {
        show(ProductView {
            tab: Some(Tab::Updates),
            version: Some(value),
            ..view.get_untracked()
        })
    };
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let files = Memo::new(move |_| {
        release
            .get()
            .map(|r| {
                r.files
                    .into_iter()
                    .filter(|f| matches!(f.kind, FileKind::Update | FileKind::AddOn))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let download_selected = move |_| {
        let account = account.id.get_untracked();
        let chosen = selected.get_untracked();
        let urls = files
            .get_untracked()
            .into_iter()
            .filter(|f| chosen.contains(&f.id))
            .map(|f| (api::file_download_href(&account, &f.id), f.file_name))
            .collect();
        download_all(urls);
    };
    let count = move || selected.with(BTreeSet::len);
    let rows = move || {
        let files = files.get();
        if files.is_empty() {
            return view! { <p class="empty">{tv!(i18n, software.products.no_updates)}</p> }.into_any();
        }
        let items = files
            .into_iter()
            .map(|f| {
                let id = f.id.clone();
                let input_id = format!("pick-{}", f.id);
                let href = api::file_download_href(&account.id.get_untracked(), &f.id);
                let kind = f.kind;
                let bytes = f.size;
                let checked = {
                    let id = id.clone();
                    move || selected.with(|s| s.contains(&id))
                };
                view! { class=class,
                    <li class="check-item update-item">
                        <input
                            type="checkbox"
                            class="checkbox"
                            id=input_id.clone()
                            prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| { if on { s.insert(id.clone()); } else { s.remove(&id); } });
                            }
                        />
                        <label for=input_id>
                            <span class="file-title">{f.title.clone()}</span>
                            <span class="muted">
                                {move || format!(" · {} · {} · {}", file_kind_name(i18n, kind), platform_name(i18n, f.platform), size(i18n, bytes))}
                            </span>
                        </label>
                        <code class="mono sha-inline">{f.sha256.clone()}</code>
                        <a class="btn btn-secondary btn-sm" href=href download=f.file_name.clone()>
                            {tv!(i18n, software.products.download)}
                            <span class="visually-hidden">" " {f.file_name.clone()}</span>
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! { class=class,
            <ul class="check-list">{items}</ul>
            <div class="form-actions">
                <button type="button" class="btn btn-primary" disabled=move || count() == 0 on:click=download_selected>
                    {move || ts!(i18n, software.products.download_selected, count = text::number(i18n, count()))}
                </button>
            </div>
        }
        .into_any()
    };
    view! { class=class,
        <h2 class="card-title">{tv!(i18n, software.products.tab_updates)}</h2>
        <div class="toolbar">
            <SelectField
                id="updates-version"
                label=Signal::derive(move || ts!(i18n, software.products.choose_version).to_string())
                options=Signal::derive(move || version_options(detail))
                value=Signal::derive(move || Some(version.get()))
                on_change=Callback::new(move |v: Option<String>| if let Some(v) = v { pick_version(v) })
            />
        </div>
        {rows}
    }
}

/// "More actions": the licence requests of this product, as a menu button.
#[component]
fn MoreActions(detail: StoredValue<ProductDetail>) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let open = RwSignal::new(false);
    // The request kind whose "included" explanation is shown.
    let explained = RwSignal::new(None::<RequestKind>);
    let button_ref = NodeRef::<leptos::html::Button>::new();
    let menu_ref = NodeRef::<leptos::html::Ul>::new();
    let d = detail.get_value();
    let items: Vec<(RequestKind, RequestAvailability)> = [
        (RequestKind::PreviousVersion, d.previous_version),
        (RequestKind::HomeUse, d.home_use),
        (RequestKind::PhysicalMedia, d.physical_media),
        (RequestKind::NetworkLicence, d.network_licence),
    ]
    .into_iter()
    .filter(|(_, a)| *a != RequestAvailability::NotApplicable)
    .collect();
    if items.is_empty() || !d.entitled {
        return ().into_any();
    }
    let menu_items = move || -> Vec<web_sys::HtmlElement> {
        let Some(menu) = menu_ref.get_untracked() else { return Vec::new() };
        let Ok(list) = menu.query_selector_all("[role=menuitem]") else { return Vec::new() };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .collect()
    };
    let focus_item = move |index: isize| {
        let items = menu_items();
        if items.is_empty() {
            return;
        }
        let len = items.len() as isize;
        let i = ((index % len) + len) % len;
        let _ = items[i as usize].focus();
    };
    let current_index = move || -> isize {
        let active = document().active_element();
        menu_items()
            .iter()
            .position(|item| active.as_ref().is_some_and(|a| {
                let a: &web_sys::Element = a;
                let item: &web_sys::Element = item;
                a == item
            }))
            .map(|i| i as isize)
            .unwrap_or(-1)
    };
    let close = move |focus_button: bool| {
        open.set(false);
        if focus_button {
            if let Some(b) = button_ref.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    let open_menu = move |first: bool| {
        open.set(true);
        // The menu is rendered (hidden toggled) before focus moves into it.
        request_animation_frame(move || focus_item(if first { 0 } else { -1 }));
    };
    let on_button_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            open_menu(true);
        }
        "ArrowUp" => {
            ev.prevent_default();
            open_menu(false);
        }
        _ => {}
    };
    let on_menu_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            focus_item(current_index() + 1);
        }
        "ArrowUp" => {
            ev.prevent_default();
            focus_item(current_index() - 1);
        }
        "Home" => {
            ev.prevent_default();
            focus_item(0);
        }
        "End" => {
            ev.prevent_default();
            focus_item(-1);
        }
        "Escape" => {
            ev.prevent_default();
            close(true);
        }
        "Tab" => close(false),
        _ => {}
    };
    let code = d.code.clone();
    let entries = items
        .into_iter()
        .map(|(kind, availability)| {
            let label = move || match kind {
                RequestKind::PreviousVersion => ts!(i18n, software.requests.menu.previous_version),
                RequestKind::HomeUse => ts!(i18n, software.requests.menu.home_use),
                RequestKind::PhysicalMedia => ts!(i18n, software.requests.menu.physical_media),
                RequestKind::NetworkLicence => ts!(i18n, software.requests.menu.network_licence),
            };
            match availability {
                RequestAvailability::Request => {
                    let href = AppRoute::AccountLicenceRequest {
                        account: account.id.get_untracked(),
                        code: code.clone(),
                        kind,
                    }
                    .href();
                    view! { class=class,
                        <li role="none">
                            <A href=href attr:role="menuitem" attr:tabindex="-1" attr:class="menu-item">{label}</A>
                        </li>
                    }
                    .into_any()
                }
                _ => view! { class=class,
                    <li role="none">
                        <button
                            type="button"
                            role="menuitem"
                            tabindex="-1"
                            class="menu-item"
                            on:click=move |_| {
                                explained.set(Some(kind));
                                close(true);
                            }
                        >
                            {label}
                        </button>
                    </li>
                }
                .into_any(),
            }
        })
        .collect_view();
    let standalone_serial = d
        .activations
        .iter()
        .find(|a| a.licence_type == LicenceType::Standalone)
        .or_else(|| d.activations.first())
        .map(|a| a.serial_number.clone());
    let explanation = move || {
        explained.get().map(|kind| {
            let text = match kind {
                RequestKind::HomeUse => match standalone_serial.clone() {
                    Some(serial) => ts!(i18n, software.requests.included.home_use_serial, serial = serial),
                    None => ts!(i18n, software.requests.included.home_use).to_string(),
                },
                RequestKind::PreviousVersion => ts!(i18n, software.requests.included.previous_version).to_string(),
                RequestKind::PhysicalMedia => ts!(i18n, software.requests.included.physical_media).to_string(),
                RequestKind::NetworkLicence => ts!(i18n, software.requests.included.network_licence).to_string(),
            };
            view! { class=class,
                <div class="alert alert-info included" role="status">
                    <p class="alert-title">{move || request_kind_name(i18n, kind)}</p>
                    <p>{text}</p>
                    <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| explained.set(None)>
                        {tv!(i18n, software.products.close)}
                    </button>
                </div>
            }
        })
    };
    let on_focus_out = move |ev: leptos::ev::FocusEvent| {
        let Some(root) = menu_ref.get_untracked().and_then(|m| m.parent_element()) else { return };
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|n| root.contains(Some(&n)));
        if !inside {
            open.set(false);
        }
    };
    view! { class=class,
        <div class="more-actions" on:focusout=on_focus_out>
            <button
                type="button"
                class="btn btn-secondary"
                id="more-actions"
                node_ref=button_ref
                aria-haspopup="menu"
                aria-controls="more-actions-menu"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                on:click=move |_| if open.get_untracked() { close(false) } else { open_menu(true) }
                on:keydown=on_button_key
            >
                {tv!(i18n, software.products.more_actions)} " ▾"
            </button>
            <ul
                id="more-actions-menu"
                class="menu"
                role="menu"
                aria-labelledby="more-actions"
                node_ref=menu_ref
                hidden=move || !open.get()
                on:keydown=on_menu_key
            >
                {entries}
            </ul>
        </div>
        {explanation}
    }
    .into_any()
}
