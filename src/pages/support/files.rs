//! Attachments: choosing files for a message (checked in the browser, uploaded at once, each with
//! its progress and a remove button) and a message's files as download links.

use leptos::prelude::*;
use seatwise_api::{CaseAttachment, CASE_ATTACHMENTS_PER_MESSAGE, CASE_ATTACHMENT_MAX_BYTES, CASE_ATTACHMENT_TYPES};
use wasm_bindgen::JsCast;

use super::support_class;
use crate::api::{self, ApiError};
use crate::components::icons::IconWarning;
use crate::i18n::*;
use crate::intl;
use crate::text::{self, I18n};

/// The accepted types (extension, media type), read through `black_box`: walking the table
/// where the compiler sees it, the optimised code named an address 4 bytes past its end, which
/// `scripts/wasm_data.py` cannot tie to the table (it refuses the build). Through an opaque
/// pointer the code names the table's start only.
fn attachment_types() -> &'static [(&'static str, &'static str)] {
    std::hint::black_box(CASE_ATTACHMENT_TYPES)
}

/// Whether a file of this name may be attached: its extension is one of the accepted types
/// (as `seatwise_api::attachment_type` decides on the server).
fn accepted(file_name: &str) -> bool {
    let Some((_, ext)) = file_name.rsplit_once('.') else {
        return false;
    };
    let ext = ext.to_ascii_lowercase();
    attachment_types().iter().any(|(e, _)| *e == ext)
}

/// One file chosen for a message: uploading, uploaded (its id) or refused.
#[derive(Clone)]
pub(crate) struct ChosenFile {
    key: u64,
    name: String,
    /// Bytes sent so far, and in all.
    progress: RwSignal<(f64, f64)>,
    /// The upload's result: the attachment's id, or why it failed.
    result: RwSignal<Option<Result<String, ApiError>>>,
}

/// The files of a message being written: the form reads [`ids`](Self::ids) when it is sent
/// and [`clear`](Self::clear)s them once the server took the message.
#[derive(Clone, Copy)]
pub(crate) struct ChosenFiles {
    files: RwSignal<Vec<ChosenFile>>,
    /// Files refused before any upload (type, size, count), as translated lines.
    refused: RwSignal<Vec<Refusal>>,
    next_key: StoredValue<u64>,
}

/// Why a file was not uploaded.
#[derive(Clone, Debug, PartialEq)]
enum Refusal {
    WrongType(String),
    TooLarge(String),
    TooMany(String),
}

impl ChosenFiles {
    pub fn new() -> Self {
        ChosenFiles { files: RwSignal::new(vec![]), refused: RwSignal::new(vec![]), next_key: StoredValue::new(0) }
    }

    /// The ids of the files uploaded so far.
    pub fn ids(&self) -> Vec<String> {
        self.files.with_untracked(|files| files.iter().filter_map(|f| f.result.get_untracked().and_then(Result::ok)).collect())
    }

    /// True while a file is still on its way (the form waits for it).
    pub fn uploading(&self) -> bool {
        self.files.with(|files| files.iter().any(|f| f.result.with(Option::is_none)))
    }

    pub fn clear(&self) {
        self.files.set(vec![]);
        self.refused.set(vec![]);
    }

    /// Checks each file and uploads the ones that may go (the API's limits, said in the
    /// person's language before anything is sent).
    fn add(&self, chosen: Vec<web_sys::File>) {
        self.refused.set(vec![]);
        for file in chosen {
            let name = file.name();
            let count = self.files.with_untracked(|f| f.iter().filter(|f| !matches!(f.result.get_untracked(), Some(Err(_)))).count());
            let refusal = if !accepted(&name) {
                Some(Refusal::WrongType(name.clone()))
            } else if file.size() > CASE_ATTACHMENT_MAX_BYTES as f64 {
                Some(Refusal::TooLarge(name.clone()))
            } else if count >= CASE_ATTACHMENTS_PER_MESSAGE {
                Some(Refusal::TooMany(name.clone()))
            } else {
                None
            };
            if let Some(refusal) = refusal {
                self.refused.update(|r| r.push(refusal));
                continue;
            }
            let key = self.next_key.get_value();
            self.next_key.set_value(key + 1);
            let entry = ChosenFile { key, name, progress: RwSignal::new((0.0, file.size())), result: RwSignal::new(None) };
            let (progress, result) = (entry.progress, entry.result);
            self.files.update(|f| f.push(entry));
            // Each file goes up on its own, side by side; the entry shows how far it got. A file
            // removed meanwhile is dropped with its entry (its late answer lands nowhere).
            leptos::task::spawn_local(async move {
                let uploaded = api::upload_case_attachment(file, move |sent, total| {
                    let _ = progress.try_set((sent, total));
                })
                .await;
                let _ = result.try_set(Some(uploaded.map(|a| a.id)));
            });
        }
    }

    fn remove(&self, key: u64) {
        self.files.update(|f| f.retain(|f| f.key != key));
    }
}

fn size(i18n: I18n, bytes: u64) -> String {
    intl::format_bytes(text::tag(i18n), bytes)
}

fn refusal_text(i18n: I18n, refusal: &Refusal) -> String {
    let max = size(i18n, CASE_ATTACHMENT_MAX_BYTES);
    match refusal {
        Refusal::WrongType(name) => ts!(i18n, support.case_files.wrong_type, name = name.clone()),
        Refusal::TooLarge(name) => ts!(i18n, support.case_files.too_large, name = name.clone(), max = max),
        Refusal::TooMany(name) => ts!(i18n, support.case_files.too_many, name = name.clone(), count = text::number(i18n, CASE_ATTACHMENTS_PER_MESSAGE)),
    }
}

/// The file input of a message's form and the files chosen, each with its progress and a
/// remove button.
#[component]
pub(crate) fn AttachmentPicker(
    /// The form's files.
    files: ChosenFiles,
    /// A unique id for the input (several forms may be on a page).
    id: &'static str,
    /// The server's refusal of the files, translated.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    let status_id = format!("{id}-status");
    let hint = move || {
        let types: Vec<&str> = attachment_types().iter().map(|(ext, _)| *ext).collect();
        ts!(
            i18n,
            support.case_files.hint,
            count = text::number(i18n, CASE_ATTACHMENTS_PER_MESSAGE),
            max = size(i18n, CASE_ATTACHMENT_MAX_BYTES),
            types = types.join(", ")
        )
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let chosen: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        files.add(chosen);
        // The same file may be chosen again after it was removed.
        input.set_value("");
    };
    let described = {
        let (hint_id, status_id) = (hint_id.clone(), status_id.clone());
        move || format!("{hint_id} {status_id}")
    };
    let refused = move || {
        files.refused.get().into_iter().map(|r| {
            view! { class=class, <li class="file-refused"><IconWarning /><span>{move || refusal_text(i18n, &r)}</span></li> }
        }).collect_view()
    };
    view! { class=class,
        <div class="field attachments-field" class:field-invalid=move || error.with(Option::is_some)>
            <label class="field-label" for=id>
                {tv!(i18n, support.case_files.label)}
                <span class="field-optional">" (" {tv!(i18n, core.fields.optional)} ")"</span>
            </label>
            <p class="field-hint" id=hint_id>{hint}</p>
            <input id=id class="input" type="file" multiple aria-describedby=described on:change=on_change />
            <div id=status_id aria-live="polite">
                <ul class="file-list">
                    <For each=move || files.files.get() key=|f| f.key let:file>
                        <FileRow file=file files=files />
                    </For>
                </ul>
                <ul class="file-list">{refused}</ul>
                {move || error.get().map(|message| view! { class=class,
                    <p class="field-error"><IconWarning /><span>{message}</span></p>
                })}
            </div>
        </div>
    }
}

/// One chosen file: its name, how far its upload got (or why it failed) and a remove button.
#[component]
fn FileRow(
    /// The file.
    file: ChosenFile,
    /// All the form's files (to remove this one).
    files: ChosenFiles,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let ChosenFile { key, name, progress, result } = file;
    let state = move || match result.get() {
        None => {
            let (sent, total) = progress.get();
            let percent = if total > 0.0 { ((sent / total) * 100.0).round() as usize } else { 0 };
            ts!(i18n, support.case_files.uploading, percent = text::number(i18n, percent))
        }
        Some(Ok(_)) => ts!(i18n, support.case_files.uploaded, size = size(i18n, progress.get().1 as u64)),
        Some(Err(error)) => ts!(i18n, support.case_files.failed, reason = text::error_message(i18n, &error)),
    };
    let failed = move || result.with(|r| matches!(r, Some(Err(_))));
    let remove_label = {
        let name = name.clone();
        move || ts!(i18n, support.case_files.remove, name = name.clone())
    };
    view! { class=class,
        <li class="file-row" class:file-failed=failed data-testid="chosen-file">
            <span class="file-name">{name.clone()}</span>
            <span class="muted file-state">{state}</span>
            <button type="button" class="btn btn-secondary btn-sm" aria-label=remove_label on:click=move |_| files.remove(key)>
                {tv!(i18n, support.case_files.remove_short)}
            </button>
        </li>
    }
}

/// A message's files as download links, with their sizes.
#[component]
pub(crate) fn Attachments(
    /// The files.
    attachments: Vec<CaseAttachment>,
    /// The link of one file, by its id.
    href: Callback<String, String>,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    (!attachments.is_empty()).then(|| {
        let items = attachments
            .into_iter()
            .map(|a| {
                let link = href.run(a.id.clone());
                let bytes = a.size;
                view! { class=class,
                    <li>
                        <a href=link download=a.file_name.clone()>{a.file_name.clone()}</a>
                        " " <span class="muted">"(" {move || size(i18n, bytes)} ")"</span>
                    </li>
                }
            })
            .collect_view();
        view! { class=class,
            <ul class="message-files" aria-label=move || ts!(i18n, support.case.attachments)>{items}</ul>
        }
    })
}
