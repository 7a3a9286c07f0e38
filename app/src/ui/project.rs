//! One project's page: its public summary and how fresh it is.

use super::common::{ClientOnly, ErrorNotice, Loading, StatusBadge};
use super::labels::label;
use super::lang::{age, date_iso, money_range};
use crate::api::projects::project;
use crate::domain::account::Role;
use crate::domain::panels::{panels, Shown, Viewer};
use crate::views::projects::ProjectView;
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProjectPage() -> impl IntoView {
    let params = use_params_map();
    let auth = expect_context::<super::session::Auth>();
    let data = Resource::new(move || params.read().get("id").unwrap_or_default(), project);
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                let role = auth.user.await.ok().flatten().map(|u| u.role);
                match data.await {
                    Err(e) => view! {
                        <Title text=tr!(project.project)/>
                        <section class="narrow"><h1>{tr!(project.project)}</h1><ErrorNotice error=e/></section>
                    }.into_any(),
                    Ok(p) => view! { <ProjectDetail project=p role/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProjectDetail(project: ProjectView, role: Option<Role>) -> impl IntoView {
    let p = project;
    let show = panels(
        Viewer {
            role,
            owner: p.is_mine,
        },
        Shown {
            status: p.status,
            is_lead: p.is_lead,
        },
    );
    let is_staff = role == Some(Role::Staff);
    view! {
        <Title text=p.title.clone()/>
        <article class="project">
            <header class="page-head">
                <div>
                    <p class="muted">{trf!(project.number, id = p.id)}</p>
                    <h1>{p.title.clone()}</h1>
                </div>
                <StatusBadge status=p.status/>
            </header>
            <div class="project-grid">
                <div class="main-col">
                <section class="card">
                    <h2>{tr!(project.description)}</h2>
                    <p class="description">{p.description.clone()}</p>
                    <h2>{tr!(project.services)}</h2>
                    <ul class="tags">
                        {p.services.iter().map(|s| view! { <li class="tag">{label(*s)}</li> }).collect_view()}
                    </ul>
                    {show.offers.then(|| view! { <ClientOnly><super::offers::ClientOffers project_id=p.id/></ClientOnly> }.into_any())}
                    {p.rejection_reason.clone().map(|r| view! {
                        <div class="notice error"><p><strong>{tr!(project.rejected_by_staff)}</strong>" "{r}</p></div>
                    })}
                </section>
                {show.agreement.then(|| view! { <ClientOnly><super::agreement::AgreementPanel project_id=p.id is_client=p.is_mine/></ClientOnly> }.into_any())}
                {show.money.then(|| view! {
                        <ClientOnly><super::escrow::EscrowPanel project_id=p.id/></ClientOnly>
                        <ClientOnly><super::fees::FeesPanel project_id=p.id/></ClientOnly>
                        <ClientOnly><super::completion::CompletionPanel project_id=p.id/></ClientOnly>
                    }.into_any())}
                {show.files.then(|| view! { <ClientOnly><super::files::FilesPanel project_id=p.id
                    awaiting_validation=show.files_after_validation/></ClientOnly> }.into_any())}
                {show.thread.then(|| view! { <ClientOnly><super::threads::ThreadPanel project_id=p.id/></ClientOnly> }.into_any())}
                </div>
                <aside>
                <div class="card">
                    <h2>{tr!(project.summary)}</h2>
                    <dl class="facts">
                        <div><dt>{tr!(project.col_budget)}</dt><dd class="num">{money_range(p.budget_min, p.budget_max)}</dd></div>
                        <div><dt>{tr!(project.region)}</dt><dd>{label(p.region)}</dd></div>
                        <div><dt>{tr!(project.desired_start)}</dt><dd>{date_iso(&p.desired_start)}</dd></div>
                        {p.client_name.clone().map(|n| view! { <div><dt>{tr!(project.client)}</dt><dd>{n}</dd></div> })}
                    </dl>
                    <h2>{tr!(project.freshness)}</h2>
                    <dl class="facts">
                        <div><dt>{tr!(project.published)}</dt><dd>{match p.published_age {
                            Some(a) => age(a).into_any(),
                            None => tr!(project.not_yet).into_any(),
                        }}</dd></div>
                        <div><dt>{tr!(project.col_posted)}</dt><dd>{age(p.posted_age)}</dd></div>
                        <div><dt>{tr!(project.client_active)}</dt><dd>{age(p.client_active_age)}</dd></div>
                        <div><dt>{tr!(project.last_review)}</dt><dd>{match p.last_review_age {
                            Some(a) => age(a).into_any(),
                            None => tr!(project.none_yet_review).into_any(),
                        }}</dd></div>
                    </dl>
                </div>
                {show.unlock.then(|| view! { <ClientOnly><super::credits::UnlockPanel project_id=p.id/></ClientOnly> }.into_any())}
                {show.notes.then(|| view! {
                    <ClientOnly><super::notes::NotesPanel project_id=p.id staff=is_staff/></ClientOnly>
                })}
                {show.lead_notice.then(|| view! {
                    <div class="card">
                        <h2>{tr!(project.referral_lead)}</h2>
                        <p>{tr!(project.referral_lead_text)}</p>
                        <p><A href="/leads">{tr!(project.referral_lead_link)}</A></p>
                    </div>
                })}
                </aside>
            </div>
        </article>
    }
}
