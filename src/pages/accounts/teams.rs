//! `/accounts/:account/teams`: teams with member counts; create, rename, delete (members stay).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::Team;

use crate::components::table::{Column, DataTable};
use crate::account::{use_account, AdminOnly};
use crate::api::{self, ApiResult};
use crate::components::confirm::ConfirmPanel;
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::routes::{AppRoute, UserFilters};
use crate::text::{self, use_page_title};

#[component]
pub fn TeamsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, accounts.teams.title).to_string());
    view! {
        <AdminOnly>
            <Teams />
        </AdminOnly>
    }
}

#[component]
fn Teams() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let create = Action::new_local(move |name: &String| {
        let request = api::create_team(account.id.get_untracked(), name.clone());
        async move {
            let result = request.await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, accounts.teams.created).to_string());
            }
            result
        }
    });
    let rename = Action::new_local(move |(team, name): &(String, String)| {
        let request = api::rename_team(account.id.get_untracked(), team.clone(), name.clone());
        async move {
            let result = request.await;
            match &result {
                Ok(_) => toasts.success(move || ts!(i18n, accounts.teams.renamed).to_string()),
                Err(error) => toasts.error(error.clone()),
            }
            result
        }
    });
    let delete = Action::new_local(move |team: &String| {
        let request = api::delete_team(account.id.get_untracked(), team.clone());
        async move {
            let result = request.await;
            match &result {
                Ok(()) => toasts.success(move || ts!(i18n, accounts.teams.deleted).to_string()),
                Err(error) => toasts.error(error.clone()),
            }
            result
        }
    });
    let teams = LocalResource::new(move || {
        create.version().track();
        rename.version().track();
        delete.version().track();
        api::list_teams(account.id.get())
    });
    let on_create = move |ev: SubmitEvent| {
        ev.prevent_default();
        create.dispatch(name.get_untracked().trim().to_owned());
    };
    let retry = Callback::new(move |_| teams.refetch());
    let rows = move || {
        teams.get().map(|result| {
            result.map(|list| {
                if list.teams.is_empty() {
                    return view! { <p class="empty">{tv!(i18n, accounts.teams.empty)}</p> }.into_any();
                }
                let rows = list
                    .teams
                    .into_iter()
                    .map(|team| view! { <TeamRow team=team rename=rename delete=delete /> })
                    .collect_view();
                view! {
                    <DataTable columns=vec![
                        Column::new(tv!(i18n, accounts.teams.name)),
                        Column::new(tv!(i18n, accounts.teams.members)),
                        Column::new(tv!(i18n, accounts.teams.actions)),
                    ]>
                        {rows}
                    </DataTable>
                }
                .into_any()
            })
        })
    };
    view! {
        <section class="card">
            <div class="section-head"><h2>{tv!(i18n, accounts.teams.title)}</h2></div>
            <form class="toolbar" on:submit=on_create>
                <TextField
                    name="team_name"
                    label=Signal::derive(move || ts!(i18n, accounts.teams.new_name).to_string())
                    value=name
                    error=field_error(create, "name")
                    required=true
                    maxlength=100
                />
                <SubmitButton
                    busy=create.pending()
                    label=Signal::derive(move || ts!(i18n, accounts.teams.create).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, accounts.teams.creating).to_string())
                />
            </form>
            <FormAlert error=Signal::derive(move || action_error(create).get().filter(|e| !e.has_fields())) />
            <Loaded on_retry=retry>
                    {rows}
                </Loaded>
        </section>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Show,
    Rename,
    Delete,
}

#[component]
fn TeamRow(
    team: Team,
    /// Renames a team.
    rename: Action<(String, String), ApiResult<Team>>,
    /// Deletes a team.
    delete: Action<String, ApiResult<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let mode = RwSignal::new(Mode::Show);
    let new_name = RwSignal::new(team.name.clone());
    let members = AppRoute::AccountUsers {
        account: account.id.get_untracked(),
        filters: UserFilters { team: Some(team.id.clone()), ..Default::default() },
    }
    .href();
    let id = team.id.clone();
    let on_rename = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            rename.dispatch((id.clone(), new_name.get_untracked().trim().to_owned()));
            mode.set(Mode::Show);
        }
    };
    let count = team.member_count as usize;
    let name = team.name.clone();
    let delete_text = {
        let name = name.clone();
        Signal::derive(move || ts!(i18n, accounts.teams.delete_text, name = name.clone()))
    };
    let input_id = format!("rename-{}", team.id);
    view! {
        <tr>
            <td>
                {move || match mode.get() {
                    Mode::Rename => view! {
                        <form class="search-row" on:submit=on_rename.clone()>
                            <label class="visually-hidden" for=input_id.clone()>{tv!(i18n, accounts.teams.new_name)}</label>
                            <input id=input_id.clone() class="input" bind:value=new_name maxlength="100" />
                            <button type="submit" class="btn btn-primary btn-sm">{tv!(i18n, accounts.teams.save)}</button>
                            <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| mode.set(Mode::Show)>{tv!(i18n, core.common.cancel)}</button>
                        </form>
                    }
                    .into_any(),
                    _ => {
                        let name = name.clone();
                        view! { <A href=members.clone()>{name}</A> }.into_any()
                    }
                }}
                {
                    let id = id.clone();
                    move || (mode.get() == Mode::Delete).then(|| {
                        let id = id.clone();
                        view! {
                            <ConfirmPanel
                                id="confirm-delete-team"
                                title=Signal::derive(move || ts!(i18n, accounts.teams.delete_title).to_string())
                                text=delete_text
                                confirm_label=Signal::derive(move || ts!(i18n, accounts.teams.delete).to_string())
                                busy=delete.pending()
                                on_confirm=Callback::new(move |_| { delete.dispatch(id.clone()); mode.set(Mode::Show); })
                                on_cancel=Callback::new(move |_| mode.set(Mode::Show))
                            />
                        }
                    })
                }
            </td>
            <td class="num">{move || text::number(i18n, count)}</td>
            <td>
                <div class="cell-actions">
                    <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| mode.set(Mode::Rename)>
                        {tv!(i18n, accounts.teams.rename)}
                    </button>
                    <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| mode.set(Mode::Delete)>
                        {tv!(i18n, accounts.teams.delete)}
                    </button>
                </div>
            </td>
        </tr>
    }
}
