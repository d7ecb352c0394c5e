//! `/accounts/:account/import`: invite many people from a CSV file. The file is read in the
//! browser, sent base64-encoded for a dry run (every row with its problems), and then imported:
//! the valid rows are invited in one transaction, the others are skipped with their reasons.

use leptos::prelude::*;
use seatwise_api::{
    ImportFileProblem, ImportPreview, ImportResult, ImportRow, IMPORT_COLUMNS, IMPORT_MAX_BYTES,
};
use wasm_bindgen::JsCast;

use crate::components::table::{Column, DataTable};
use crate::account::{use_account, AdminOnly};
use crate::api::{self, ApiError, ApiResult};
use crate::components::form::{action_error, FormAlert};
use crate::i18n::*;
use crate::text::{self, use_page_title};

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, accounts.import.title).to_string());
    view! {
        <AdminOnly>
            <Import />
        </AdminOnly>
    }
}

/// A checked file and its bytes in base64, ready to import.
#[derive(Debug, Clone, PartialEq)]
struct Checked {
    file_name: String,
    file_base64: String,
    preview: ImportPreview,
}

/// Reads a file's bytes (a `File` is a `Blob`) without blocking the page.
async fn read_base64(blob: web_sys::Blob) -> Result<String, ApiError> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| ApiError::Decode)?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(api::base64(&bytes))
}

/// The first file chosen in a file input (a `File` is a `Blob`) and its name, from its change
/// event. The input is emptied, so that choosing the same file again (after fixing it) checks
/// it again.
fn chosen_file(ev: &leptos::ev::Event) -> Option<(web_sys::Blob, String)> {
    let input = ev.target()?;
    let files = js_sys::Reflect::get(&input, &"files".into()).ok()?;
    let file = js_sys::Reflect::get(&files, &0.into()).ok()?;
    if file.is_undefined() || file.is_null() {
        return None;
    }
    let name = js_sys::Reflect::get(&file, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    let _ = js_sys::Reflect::set(&input, &"value".into(), &"".into());
    Some((file.unchecked_into::<web_sys::Blob>(), name))
}

/// Rows of the dry run drawn at a time (a file may have 10,000).
const ROWS_AT_ONCE: usize = 500;

#[component]
fn Import() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let check: Action<(web_sys::Blob, String), ApiResult<Checked>> = Action::new_local(move |(blob, file_name): &(web_sys::Blob, String)| {
        let blob = blob.clone();
        let file_name = file_name.clone();
        let account = account.id.get_untracked();
        async move {
            if blob.size() > IMPORT_MAX_BYTES as f64 {
                // Refused here: no need to send a file the server will not take.
                return Ok(Checked {
                    file_name,
                    file_base64: String::new(),
                    preview: ImportPreview {
                        file_problem: Some(ImportFileProblem::TooLarge),
                        rows: Vec::new(),
                        valid: 0,
                        invalid: 0,
                    },
                });
            }
            let file_base64 = read_base64(blob).await?;
            let preview = api::preview_import(account, file_base64.clone()).await?;
            Ok(Checked { file_name, file_base64, preview })
        }
    });
    // The result is shown in a summary below (not a toast: it lists the skipped rows too).
    let apply: Action<String, ApiResult<ImportResult>> = Action::new_local(move |file_base64: &String| {
        api::import_members(account.id.get_untracked(), file_base64.clone())
    });
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(chosen) = chosen_file(&ev) {
            apply.value().set(None);
            check.dispatch_local(chosen);
        }
    };
    // (`action_error` wants a thread-safe input; a `Blob` is not.)
    let check_error = Signal::derive(move || match check.value().get() {
        Some(Err(error)) => Some(error),
        _ => None,
    });
    let busy = Signal::derive(move || check.pending().get() || apply.pending().get());
    // The dry run on screen: hidden once its file has been imported.
    let checked = Memo::new(move |_| match (check.value().get(), apply.value().get()) {
        (Some(Ok(checked)), None | Some(Err(_))) => Some(checked),
        _ => None,
    });
    let template = move || api::import_template_href(&account.id.get());
    let columns = IMPORT_COLUMNS.join(",");

    view! {
        <div class="detail-main">
            <section class="card" aria-labelledby="import-title">
                <h2 id="import-title" class="card-title">{tv!(i18n, accounts.import.title)}</h2>
                <p>{tv!(i18n, accounts.import.intro)}</p>
                <p><code class="break">{columns}</code></p>
                <ul class="import-columns">
                    <li>{tv!(i18n, accounts.import.col_email)}</li>
                    <li>{tv!(i18n, accounts.import.col_names)}</li>
                    <li>{tv!(i18n, accounts.import.col_team)}</li>
                    <li>{tv!(i18n, accounts.import.col_products)}</li>
                    <li>{tv!(i18n, accounts.import.col_role)}</li>
                </ul>
                <p class="muted">{move || ts!(i18n, accounts.import.limits, rows = text::number(i18n, seatwise_api::IMPORT_MAX_ROWS), size = text::number(i18n, IMPORT_MAX_BYTES / (1024 * 1024)))}</p>
                <p><a href=template download class="btn btn-secondary btn-sm">{tv!(i18n, accounts.import.template)}</a></p>
                <form class="form" on:submit=|ev| ev.prevent_default()>
                    <div class="field">
                        <label class="field-label" for="import-file">{tv!(i18n, accounts.import.file)}</label>
                        <input
                            id="import-file"
                            class="input"
                            type="file"
                            accept=".csv,text/csv"
                            aria-describedby="import-file-hint"
                            disabled=move || busy.get()
                            on:change=on_change
                        />
                        <p id="import-file-hint" class="field-hint">{tv!(i18n, accounts.import.file_hint)}</p>
                    </div>
                </form>
                <Show when=move || busy.get()>
                    <div class="import-progress">
                        <progress aria-label=move || ts!(i18n, accounts.import.working)></progress>
                        <span class="muted">{tv!(i18n, accounts.import.working)}</span>
                    </div>
                </Show>
                <FormAlert error=check_error />
                <FormAlert error=action_error(apply) />
            </section>
            {move || apply.value().get().and_then(Result::ok).map(|done| view! { <ImportDone result=done /> })}
            {move || checked.get().map(|checked| view! { <DryRun checked=checked apply=apply /> })}
        </div>
    }
}

/// The dry run: counts, a file-level problem, or every row with its problems.
#[component]
fn DryRun(checked: Checked, apply: Action<String, ApiResult<ImportResult>>) -> impl IntoView {
    let i18n = use_i18n();
    let Checked { file_name, file_base64, preview } = checked;
    if let Some(problem) = preview.file_problem {
        return view! {
            <div class="alert alert-error" role="alert">
                <p>{file_name}": "{move || text::import_file_problem(i18n, problem)}</p>
            </div>
        }
        .into_any();
    }
    let valid = preview.valid as usize;
    let invalid = preview.invalid as usize;
    let total = preview.rows.len();
    let all_rows = StoredValue::new(preview.rows);
    // Drawn a page at a time, so that a large file does not hold up the page.
    let shown = RwSignal::new(ROWS_AT_ONCE);
    let visible = move || all_rows.with_value(|rows| rows.iter().take(shown.get()).cloned().collect::<Vec<_>>());
    let remaining = move || total.saturating_sub(shown.get());
    view! {
        <section class="card" aria-labelledby="import-check">
            <div class="section-head">
                <h2 id="import-check">{tv!(i18n, accounts.import.check_title)}</h2>
            </div>
            <p class="muted break">{move || ts!(i18n, accounts.import.chosen, name = file_name.clone())}</p>
            <p class="import-counts" data-testid="import-counts">
                <span class="badge badge-success">{move || ts!(i18n, accounts.import.valid, count = text::number(i18n, valid))}</span>
                " "
                <span class="badge" class:badge-danger=invalid != 0 class:badge-muted=invalid == 0>
                    {move || ts!(i18n, accounts.import.invalid, count = text::number(i18n, invalid))}
                </span>
            </p>
            <DataTable columns=row_columns(i18n)>
                <For each=visible key=|row| row.line children=|row| view! { <RowLine row=row /> } />
            </DataTable>
            <Show when=move || { remaining() > 0 }>
                <div class="pager">
                    <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| shown.update(|n| *n += ROWS_AT_ONCE)>
                        {move || ts!(i18n, accounts.import.show_more, count = text::number(i18n, remaining()))}
                    </button>
                </div>
            </Show>
            <div class="form-actions">
                <button
                    type="button"
                    class="btn btn-primary"
                    disabled=move || valid == 0 || apply.pending().get()
                    on:click=move |_| { apply.dispatch(file_base64.clone()); }
                >
                    {move || ts!(i18n, accounts.import.apply, count = text::number(i18n, valid))}
                </button>
            </div>
        </section>
    }
    .into_any()
}

/// One row of the file: its line number, what it holds, and why it cannot be imported.
#[component]
fn RowLine(row: ImportRow) -> impl IntoView {
    let i18n = use_i18n();
    let problems = row.problems.clone();
    let ok = problems.is_empty();
    let status = move || {
        if ok {
            view! { <span class="badge badge-success">{tv!(i18n, accounts.import.ok)}</span> }.into_any()
        } else {
            let items = problems
                .iter()
                .map(|p| {
                    let p = *p;
                    view! { <li>{move || text::import_problem(i18n, p)}</li> }
                })
                .collect_view();
            view! { <ul class="import-problems">{items}</ul> }.into_any()
        }
    };
    view! {
        <tr class:import-bad=!ok data-testid=format!("import-line-{}", row.line)>
            <td class="num">{row.line}</td>
            <td class="break">{row.email.clone()}</td>
            <td>{text::person_name(i18n, &row.first_name, &row.last_name)}</td>
            <td>{row.team.clone()}</td>
            <td>{row.products.join(", ")}</td>
            <td>{status}</td>
        </tr>
    }
}

/// What the import did: how many were invited, which rows were skipped and why.
#[component]
fn ImportDone(result: ImportResult) -> impl IntoView {
    let i18n = use_i18n();
    if let Some(problem) = result.file_problem {
        return view! {
            <div class="alert alert-error" role="alert">
                <p>{move || text::import_file_problem(i18n, problem)}</p>
            </div>
        }
        .into_any();
    }
    let invited = result.invited as usize;
    let skipped_count = result.skipped.len();
    let skipped = result.skipped.into_iter().map(|row| view! { <RowLine row=row /> }).collect_view();
    view! {
        <section class="card" aria-labelledby="import-done">
            <h2 id="import-done" class="card-title">{tv!(i18n, accounts.import.done_title)}</h2>
            <div class="alert alert-success" role="status">
                <p data-testid="import-result">
                    {move || ts!(i18n, accounts.import.invited, count = text::number(i18n, invited))}
                    " "
                    {move || ts!(i18n, accounts.import.skipped, count = text::number(i18n, skipped_count))}
                </p>
            </div>
            {(skipped_count > 0).then(|| view! {
                <DataTable columns=row_columns(i18n)>
                    {skipped}
                </DataTable>
            })}
        </section>
    }
    .into_any()
}

/// The columns of the rows of a file, checked or imported.
fn row_columns(i18n: crate::text::I18n) -> Vec<Column> {
    vec![
        Column::new(tv!(i18n, accounts.import.line)),
        Column::new(tv!(i18n, accounts.users.email)),
        Column::new(tv!(i18n, accounts.users.name)),
        Column::new(tv!(i18n, accounts.users.team)),
        Column::new(tv!(i18n, accounts.users.products)),
        Column::new(tv!(i18n, accounts.import.problems_column)),
    ]
}
