//! A product's published updates on its back-office page: the form that publishes a release, or
//! an update or add-on file of it (everyone holding a seat or trial who wants product mail is
//! mailed once, by a job), and what was published with how far its mails have gone.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use seatwise_api::{CatalogueProduct, FileKind, PublishUpdate, PublishedUpdate, UpdateKind};

use crate::api::{self, ApiResult};
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton};
use crate::components::load::Loaded;
use crate::components::select::SelectField;
use crate::components::table::{Column, DataTable};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::text::{self, I18n};

fn kind_name(i18n: I18n, kind: UpdateKind) -> String {
    match kind {
        UpdateKind::Release => ts!(i18n, vendor.publish.kinds.release),
        UpdateKind::Update => ts!(i18n, vendor.publish.kinds.update),
        UpdateKind::AddOn => ts!(i18n, vendor.publish.kinds.add_on),
    }
    .to_string()
}

/// The kind of file an update or add-on publishes.
fn file_kind(kind: UpdateKind) -> Option<FileKind> {
    match kind {
        UpdateKind::Release => None,
        UpdateKind::Update => Some(FileKind::Update),
        UpdateKind::AddOn => Some(FileKind::AddOn),
    }
}

/// The product whose updates the part shows (kept current as the catalogue reloads: new releases
/// and files show up); a context, as the part comes from its own chunk.
#[derive(Clone, Copy)]
pub(super) struct PublishFor(pub Memo<Option<CatalogueProduct>>);

/// The section, from its own chunk (`seatwise_publish`), so that the catalogue's chunk stays
/// small: the product page fetches it when it shows.
pub(super) fn part() -> crate::components::lazy::PageFuture {
    Box::pin(publish_part())
}

#[leptos::wasm_split::wasm_split(seatwise_publish, wasm_split_path = ::leptos::wasm_split, fallible)]
fn publish_part() -> Result<AnyView, crate::components::lazy::ChunkLoadError> {
    Ok(view! { <PublishUpdates /> }.into_any())
}

/// Published updates of the product and the form that publishes one.
#[component]
fn PublishUpdates() -> impl IntoView {
    let PublishFor(product) = expect_context::<PublishFor>();
    let i18n = use_i18n();
    let toasts = use_toasts();
    let product_id = Memo::new(move |_| product.with(|p| p.as_ref().map(|p| p.id.clone()).unwrap_or_default()));
    let publish = Action::new_local(move |(id, body): &(String, PublishUpdate)| {
        let call = api::publish_update(id.clone(), body.clone());
        async move {
            let result = call.await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, vendor.publish.published).to_string());
            }
            result
        }
    });
    let published = LocalResource::new(move || {
        publish.version().track();
        api::published_updates(product_id.get())
    });
    let retry = Callback::new(move |_| published.refetch());
    let list = move || published.get().map(|result| result.map(|list| view! { <PublishedTable updates=list.updates /> }));
    view! {
        <section class="card" aria-labelledby="published-title">
            <h2 id="published-title" class="card-title">{tv!(i18n, vendor.publish.title)}</h2>
            <p class="muted">{tv!(i18n, vendor.publish.intro)}</p>
            <div class="detail-grid">
                <div class="detail-main" aria-live="polite">
                    <Loaded on_retry=retry>{list}</Loaded>
                </div>
                <div class="detail-side">
                    <PublishForm product=product action=publish />
                </div>
            </div>
        </section>
    }
}

#[component]
fn PublishedTable(updates: Vec<PublishedUpdate>) -> impl IntoView {
    let i18n = use_i18n();
    if updates.is_empty() {
        return view! { <p class="empty">{tv!(i18n, vendor.publish.empty)}</p> }.into_any();
    }
    let rows = updates
        .into_iter()
        .map(|p| {
            let u = p.update;
            let kind = u.kind;
            let at = u.published_at.clone();
            let (mailed, recipients) = (p.mailed as usize, p.recipients as usize);
            let what = match &u.file_title {
                Some(title) => format!("{} · {}", u.version, title),
                None => u.version.clone(),
            };
            view! {
                <tr>
                    <td>{what}</td>
                    <td>{move || kind_name(i18n, kind)}</td>
                    <td class="prose">{u.note.clone()}</td>
                    <td class="num">{move || intl::format_date(text::tag(i18n), &at)}</td>
                    <td class="num" data-testid="mailed">{move || ts!(i18n, vendor.publish.mailed_of, mailed = text::number(i18n, mailed), recipients = text::number(i18n, recipients))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable columns=vec![
            Column::new(tv!(i18n, vendor.publish.item)),
            Column::new(tv!(i18n, vendor.publish.kind)),
            Column::new(tv!(i18n, vendor.publish.note)),
            Column::num(tv!(i18n, vendor.publish.published_on)),
            Column::num(tv!(i18n, vendor.publish.mailed)),
        ] caption=tv!(i18n, vendor.publish.title)>
            {rows}
        </DataTable>
    }
    .into_any()
}

/// Version, kind, the file (for an update or add-on) and the note.
#[component]
fn PublishForm(
    product: Memo<Option<CatalogueProduct>>,
    action: Action<(String, PublishUpdate), ApiResult<PublishedUpdate>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The chosen version (`None`: the newest) and file; kind and note.
    let release = RwSignal::new(None::<String>);
    let kind = RwSignal::new(UpdateKind::Release);
    let file = RwSignal::new(None::<String>);
    let note = RwSignal::new(String::new());
    let releases = Memo::new(move |_| {
        product.with(|p| p.as_ref().map(|p| p.releases.iter().map(|r| (r.id.clone(), r.version.clone())).collect::<Vec<_>>()).unwrap_or_default())
    });
    let release_id = Memo::new(move |_| {
        let chosen = release.get();
        releases.with(|all| chosen.filter(|c| all.iter().any(|(id, _)| id == c)).or_else(|| all.first().map(|(id, _)| id.clone())))
    });
    let files = Memo::new(move |_| {
        let Some(wanted) = file_kind(kind.get()) else { return vec![] };
        let id = release_id.get();
        product.with(|p| {
            p.as_ref()
                .and_then(|p| p.releases.iter().find(|r| Some(&r.id) == id.as_ref()))
                .map(|r| r.files.iter().filter(|f| f.kind == wanted).map(|f| (f.id.clone(), format!("{} ({})", f.title, f.file_name))).collect())
                .unwrap_or_default()
        })
    });
    let file_id = Memo::new(move |_| {
        let chosen = file.get();
        files.with(|all| chosen.filter(|c| all.iter().any(|(id, _)| id == c)))
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(product) = product.with_untracked(|p| p.as_ref().map(|p| p.id.clone())) else { return };
        action.dispatch((
            product,
            PublishUpdate {
                release_id: release_id.get_untracked().unwrap_or_default(),
                kind: kind.get_untracked(),
                file_id: file_kind(kind.get_untracked()).and_then(|_| file_id.get_untracked()),
                note: note.get_untracked().trim().to_owned(),
            },
        ));
    };
    let note_error = field_error(action, "note");
    let file_error = field_error(action, "file_id");
    view! {
        <section aria-labelledby="publish-title">
            <h3 id="publish-title" class="card-title">{tv!(i18n, vendor.publish.publish_title)}</h3>
            {move || releases.with(Vec::is_empty).then(|| view! { <p class="empty">{tv!(i18n, vendor.publish.no_releases)}</p> })}
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(action) />
                <SelectField
                    id="publish-release"
                    label=Signal::derive(move || ts!(i18n, vendor.publish.release).to_string())
                    options=Signal::derive(move || releases.get())
                    value=Signal::derive(move || release_id.get())
                    on_change=Callback::new(move |v: Option<String>| release.set(v))
                    required=true
                    error=field_error(action, "release_id")
                />
                <SelectField
                    id="publish-kind"
                    label=Signal::derive(move || ts!(i18n, vendor.publish.kind).to_string())
                    options=Signal::derive(move || UpdateKind::ALL.into_iter().map(|k| (k.as_str().to_owned(), kind_name(i18n, k))).collect::<Vec<_>>())
                    value=Signal::derive(move || Some(kind.get().as_str().to_owned()))
                    on_change=Callback::new(move |v: Option<String>| kind.set(v.as_deref().and_then(UpdateKind::parse).unwrap_or(UpdateKind::Release)))
                    required=true
                    error=field_error(action, "kind")
                />
                {move || file_kind(kind.get()).is_some().then(|| {
                    if files.with(Vec::is_empty) {
                        view! { <p class="alert alert-info" role="status">{tv!(i18n, vendor.publish.no_files)}</p> }.into_any()
                    } else {
                        view! {
                            <SelectField
                                id="publish-file"
                                label=Signal::derive(move || ts!(i18n, vendor.publish.file).to_string())
                                options=Signal::derive(move || files.get())
                                value=Signal::derive(move || file_id.get())
                                on_change=Callback::new(move |v: Option<String>| file.set(v))
                                empty=Signal::derive(move || ts!(i18n, vendor.publish.choose_file).to_string())
                                required=true
                                error=file_error
                            />
                        }
                        .into_any()
                    }
                })}
                <div class="field">
                    <label class="field-label" for="field-publish_note">{tv!(i18n, vendor.publish.note)}</label>
                    <textarea id="field-publish_note" class="input textarea" rows="4" maxlength="2000"
                        aria-invalid=move || note_error.with(Option::is_some).to_string()
                        aria-describedby="field-publish_note-error"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    {move || note_error.get().map(|e| view! { <p class="field-error" id="field-publish_note-error" role="alert">{e}</p> })}
                </div>
                <SubmitButton busy=action.pending()
                    label=Signal::derive(move || ts!(i18n, vendor.publish.submit).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, vendor.publish.publishing).to_string())
                    extra_class="btn-block" />
            </form>
        </section>
    }
}
