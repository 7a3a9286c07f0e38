//! The client's pages: post a project, my projects.

use super::common::{
    field_error, form_error, hydrated_mark, last_error, use_hydrated, CheckGroup, ErrorNotice,
    FieldMessage, FormError, Loading, Posted, StatusBadge, TextField,
};
use super::early_input::keep_typed;
use super::labels::{choices, label};
use super::lang::{age, locale_of, money_range, use_page_lang};
use crate::api::projects::{my_projects, CancelProject, PostProject};
use crate::domain::catalog::{Region, Service};
use crate::domain::project::{ProjectForm, ProjectStatus};
use crate::error::AppError;
use crate::i18n::td_string;
use crate::views::projects::ProjectView;
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use server_fn::ServerFn;

#[component]
pub fn PostProjectPage() -> impl IntoView {
    let action = ServerAction::<PostProject>::new();
    let posted = Posted::of(PostProject::PATH);
    let fields = ProjectFieldSignals::typed(&posted);
    let error = form_error(&posted, action.value());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            navigate(&format!("/my/projects?posted={id}"), Default::default());
        }
    });
    let (posting, post) = (tr!(project.posting), tr!(project.post_button));
    view! {
        <Title text=tr!(project.post_title)/>
        <section class="narrow card">
            <h1>{tr!(project.post_title)}</h1>
            <p class="muted">{tr!(project.post_intro)}</p>
            <form method="post" action=PostProject::PATH data-hydrated=hydrated_mark() on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(PostProject { form: fields.form() });
            }>
                <FormError error fields=PROJECT_FIELDS.to_vec()/>
                <ProjectFields fields error/>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { posting.get() } else { post.get() }}
                </button>
            </form>
        </section>
    }
}

/// The names of the project form's fields, for the form-level message.
pub const PROJECT_FIELDS: [&str; 8] = [
    "title",
    "description",
    "services",
    "region",
    "budget_min",
    "budget_max",
    "desired_start",
    "phone",
];

/// What is typed into the project fields.
#[derive(Clone, Copy)]
pub struct ProjectFieldSignals {
    title: RwSignal<String>,
    description: RwSignal<String>,
    services: RwSignal<Vec<String>>,
    region: RwSignal<String>,
    budget_min: RwSignal<String>,
    budget_max: RwSignal<String>,
    desired_start: RwSignal<String>,
    phone: RwSignal<String>,
}

impl ProjectFieldSignals {
    pub fn new() -> Self {
        ProjectFieldSignals {
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            services: RwSignal::new(Vec::new()),
            region: RwSignal::new(String::new()),
            budget_min: RwSignal::new(String::new()),
            budget_max: RwSignal::new(String::new()),
            desired_start: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
        }
    }

    /// What a native post of the form sent back, or empty fields.
    pub fn typed(posted: &Posted) -> Self {
        ProjectFieldSignals {
            title: RwSignal::new(posted.value("title")),
            description: RwSignal::new(posted.value("description")),
            services: RwSignal::new(posted.values("services")),
            region: RwSignal::new(posted.value("region")),
            budget_min: RwSignal::new(posted.value("budget_min")),
            budget_max: RwSignal::new(posted.value("budget_max")),
            desired_start: RwSignal::new(posted.value("desired_start")),
            phone: RwSignal::new(posted.value("phone")),
        }
    }

    pub fn form(&self) -> ProjectForm {
        ProjectForm {
            title: self.title.get_untracked(),
            description: self.description.get_untracked(),
            services: self.services.get_untracked(),
            region: self.region.get_untracked(),
            budget_min: self.budget_min.get_untracked(),
            budget_max: self.budget_max.get_untracked(),
            desired_start: self.desired_start.get_untracked(),
            phone: self.phone.get_untracked(),
        }
    }
}

/// The fields of a project, shared by the client's form and staff's lead form.
#[component]
pub fn ProjectFields(
    fields: ProjectFieldSignals,
    error: Signal<Option<AppError>>,
    /// Staff type the client's phone; a client types their own.
    #[prop(optional)]
    for_client: bool,
) -> impl IntoView {
    let ProjectFieldSignals {
        title,
        description,
        services,
        region,
        budget_min,
        budget_max,
        desired_start,
        phone,
    } = fields;
    let (phone_label, phone_hint) = if for_client {
        (tr!(project.client_phone), tr!(project.client_phone_hint))
    } else {
        (tr!(project.your_phone), tr!(project.your_phone_hint))
    };
    let description_error = field_error(error, "description");
    let region_error = field_error(error, "region");
    let service_options = choices(Service::ALL, Service::slug);
    view! {
                <TextField label=tr!(project.title_label) name="title" value=title error=field_error(error, "title")
                    hint=tr!(project.title_hint)/>
                <div class="field" class:has-error=move || description_error.get().is_some()>
                    <label for="field-description">{tr!(project.description)}</label>
                    <p class="hint" id="field-description-hint">{tr!(project.description_hint)}</p>
                    <textarea id="field-description" name="description" rows="7"
                        aria-describedby="field-description-hint field-description-error"
                        aria-invalid=move || if description_error.get().is_some() { "true" } else { "false" }
                        use:keep_typed=description prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    >{description.get_untracked()}</textarea>
                    <FieldMessage id="field-description-error".into() error=description_error/>
                </div>
                <CheckGroup legend=tr!(project.services) name="services" options=service_options selected=services
                    hint=tr!(project.services_hint) error=field_error(error, "services")/>
                <div class="field" class:has-error=move || region_error.get().is_some()>
                    <label for="field-region">{tr!(project.region)}</label>
                    <select id="field-region" name="region"
                        aria-describedby="field-region-error"
                        aria-invalid=move || if region_error.get().is_some() { "true" } else { "false" }
                        use:keep_typed=region prop:value=move || region.get()
                        on:change=move |ev| region.set(event_target_value(&ev))>
                        <option value="">{tr!(project.choose_region)}</option>
                        {Region::ALL.iter().map(|r| view! {
                            <option value=r.slug() selected=region.get_untracked() == r.slug()>{label(*r)}</option>
                        }).collect_view()}
                    </select>
                    <FieldMessage id="field-region-error".into() error=region_error/>
                </div>
                <div class="field-row">
                    <TextField label=tr!(project.budget_from) name="budget_min" inputmode="decimal" value=budget_min
                        error=field_error(error, "budget_min")/>
                    <TextField label=tr!(project.budget_to) name="budget_max" inputmode="decimal" value=budget_max
                        error=field_error(error, "budget_max")/>
                </div>
                <TextField label=tr!(project.desired_start) name="desired_start" kind="date" value=desired_start
                    error=field_error(error, "desired_start")/>
                <TextField label=phone_label name="phone" kind="tel" autocomplete="tel" value=phone
                    hint=phone_hint error=field_error(error, "phone")/>
    }
}

#[component]
pub fn MyProjectsPage() -> impl IntoView {
    let cancel = ServerAction::<CancelProject>::new();
    let projects = Resource::new(move || cancel.version().get(), |_| my_projects());
    let cancel_error = last_error(cancel.value());
    let query = leptos_router::hooks::use_query_map();
    let posted = move || query.read().get("posted");
    view! {
        <Title text=tr!(project.my_title)/>
        <section>
            <div class="page-head">
                <h1>{tr!(project.my_title)}</h1>
                <A href="/post-project" attr:class="button primary">{tr!(project.post_title)}</A>
            </div>
            {move || posted().map(|id| view! {
                <div class="notice success" role="status">
                    <p>{trf!(project.posted_notice, id = id.clone())}</p>
                </div>
            })}
            {move || cancel_error.get().map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match projects.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <div class="empty">
                                <p>{tr!(project.none_yet)}</p>
                                <A href="/post-project" attr:class="button">{tr!(project.first_project)}</A>
                            </div>
                        }.into_any(),
                        Ok(list) => view! { <ProjectTable list cancel/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProjectTable(list: Vec<ProjectView>, cancel: ServerAction<CancelProject>) -> impl IntoView {
    let hydrated = use_hydrated();
    let lang = use_page_lang();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data">
                <caption class="visually-hidden">{tr!(project.table_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr!(project.col_project)}</th>
                        <th scope="col">{tr!(project.col_status)}</th>
                        <th scope="col" class="num">{tr!(project.col_budget)}</th>
                        <th scope="col">{tr!(project.col_posted)}</th>
                        <th scope="col"><span class="visually-hidden">{tr!(common.actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|p| {
                        let id = p.id;
                        let cancellable = matches!(p.status, ProjectStatus::PendingValidation | ProjectStatus::Published);
                        let title = p.title.clone();
                        view! {
                            <tr>
                                <th scope="row">
                                    <A href=format!("/projects/{id}")>{p.title.clone()}</A>
                                    <span class="muted small">{format!(" #{id}")}</span>
                                    {p.rejection_reason.clone().filter(|_| p.status == ProjectStatus::Rejected).map(|r| view! {
                                        <p class="reason"><strong>{tr!(project.staff_reason)}</strong>" "{r}</p>
                                    })}
                                </th>
                                <td><StatusBadge status=p.status/></td>
                                <td class="num">{money_range(p.budget_min, p.budget_max)}</td>
                                <td class="when">{age(p.posted_age)}</td>
                                <td class="row-actions">
                                    {cancellable.then(|| view! {
                                        <button class="button small danger"
                                            aria-label=trf!(project.cancel_label, title = title.clone())
                                            disabled=move || !hydrated.get() || cancel.pending().get()
                                            on:click=move |_| {
                                                let question = td_string!(locale_of(lang.get_untracked()), project.cancel_confirm);
                                                let ok = window().confirm_with_message(question).unwrap_or(false);
                                                if ok { cancel.dispatch(CancelProject { id }); }
                                            }>
                                            {tr!(project.cancel)}
                                        </button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
