-- French words for the lead pages: the menu, the pages and every notice say
-- "mise en relation", and so do the help answers and the terms. Each help
-- answer gets a new French version (kept beside the first, as a staff edit
-- would be), unless staff already edited it; the terms' wording is
-- corrected in place, its meaning unchanged (the same word the pages use).

INSERT INTO help_versions (article_id, lang, version, question, answer)
SELECT a.id, 'fr', 2, 'Comment garantissez-vous des projets sérieux ?', 'Chaque projet est relu par notre équipe avant publication, et refusé s’il est incomplet ou douteux. Les clients confirment leur adresse e-mail avant de publier. Les mises en relation sont écrites par notre équipe à partir d’un appel avec le client. Et chaque projet affiche la dernière activité de son client, pour que vous jugiez de son sérieux avant de dépenser un crédit.'
FROM help_articles a WHERE a.slug = 'qualified-projects'
  AND NOT EXISTS (SELECT 1 FROM help_versions v WHERE v.article_id = a.id AND v.lang = 'fr' AND v.version > 1);

INSERT INTO help_versions (article_id, lang, version, question, answer)
SELECT a.id, 'fr', 2, 'Comment fonctionnent les mises en relation ?', 'Une mise en relation est un projet écrit par notre équipe après un appel avec le client, vendue à un prix affiché. Si elle correspond à vos préférences, elle vous est proposée : vous pouvez l’accepter (votre compte prépayé est débité du prix et vous recevez les coordonnées du client), la refuser, ou, si l’option existe, la réserver à moitié prix : si la mise en relation n’est pas complète 4 jours après sa publication, elle vous est attribuée à 50 % du prix, dans l’ordre des réservations.'
FROM help_articles a WHERE a.slug = 'lead-how'
  AND NOT EXISTS (SELECT 1 FROM help_versions v WHERE v.article_id = a.id AND v.lang = 'fr' AND v.version > 1);

INSERT INTO help_versions (article_id, lang, version, question, answer)
SELECT a.id, 'fr', 2, 'Combien de prestataires reçoivent une même mise en relation ?', 'La mise en relation est proposée à tous les prestataires qui correspondent, mais au plus 4 l’achètent (sauf mention contraire sur la mise en relation) : elle est complète dès le quatrième achat. Contactez vite le client pour maximiser vos chances.'
FROM help_articles a WHERE a.slug = 'lead-buyers'
  AND NOT EXISTS (SELECT 1 FROM help_versions v WHERE v.article_id = a.id AND v.lang = 'fr' AND v.version > 1);

INSERT INTO help_versions (article_id, lang, version, question, answer)
SELECT a.id, 'fr', 2, 'Comment augmenter mes chances de remporter une mise en relation ?', 'Vérifiez que vous répondez aux critères du projet avant de l’acheter. Décidez vite : une mise en relation attendue trop longtemps peut être complète. Contactez le client dès l’achat, renseignez-vous sur son activité et ses objectifs, et présentez des réalisations proches de son besoin.'
FROM help_articles a WHERE a.slug = 'lead-chances'
  AND NOT EXISTS (SELECT 1 FROM help_versions v WHERE v.article_id = a.id AND v.lang = 'fr' AND v.version > 1);

INSERT INTO help_versions (article_id, lang, version, question, answer)
SELECT a.id, 'fr', 2, 'Je n’ai pas pu présenter mes services au client, que faire ? (demande de crédit)', 'Si vous n’avez pas pu présenter vos services à cause de la mise en relation elle-même (le client avait déjà choisi, la description était fausse, les coordonnées ne répondent pas), faites une demande de crédit depuis l’onglet Mises en relation, avec la raison. Notre équipe l’examine : acceptée, le prix payé revient sur votre compte ; refusée, elle vous dit pourquoi. Une seule demande par achat.'
FROM help_articles a WHERE a.slug = 'credit-request'
  AND NOT EXISTS (SELECT 1 FROM help_versions v WHERE v.article_id = a.id AND v.lang = 'fr' AND v.version > 1);

INSERT INTO help_versions (article_id, lang, version, question, answer)
SELECT a.id, 'fr', 2, 'Dois-je payer autre chose en plus de ma formule ?', 'Pour les projets en appel d’offres, non : vos crédits suffisent. Quand un client vous confie un projet, la commission de mise en relation est normalement payée par le client ; elle ne vous est demandée que si vous l’avez accepté dans l’accord. Les mises en relation achetées se paient à l’unité, sur votre compte prépayé.'
FROM help_articles a WHERE a.slug = 'extra-costs'
  AND NOT EXISTS (SELECT 1 FROM help_versions v WHERE v.article_id = a.id AND v.lang = 'fr' AND v.version > 1);

INSERT INTO help_versions (article_id, lang, version, question, answer)
SELECT a.id, 'fr', 2, 'Comment récupérer vos factures (commissions, frais) ?', 'Chaque frais payé (commission de mise en relation, frais de risque 0, mise en relation achetée, formule) figure dans votre tableau de bord avec sa date et son montant, et un reçu vous est envoyé par e-mail.'
FROM help_articles a WHERE a.slug = 'our-invoices'
  AND NOT EXISTS (SELECT 1 FROM help_versions v WHERE v.article_id = a.id AND v.lang = 'fr' AND v.version > 1);

-- One word in a longer answer: its first version with that word changed.
INSERT INTO help_versions (article_id, lang, version, question, answer)
SELECT v.article_id, 'fr', 2, v.question, replace(v.answer, 'acheter de lead', 'acheter de mise en relation')
FROM help_versions v JOIN help_articles a ON a.id = v.article_id
WHERE a.slug = 'activate-account' AND v.lang = 'fr' AND v.version = 1
  AND NOT EXISTS (SELECT 1 FROM help_versions w WHERE w.article_id = a.id AND w.lang = 'fr' AND w.version > 1);

UPDATE terms_versions SET body_fr = replace(replace(replace(body_fr,
    '## 5. Crédits et leads', '## 5. Crédits et mises en relation'),
    'Les leads sont débités du compte prépayé', 'Les mises en relation sont débitées du compte prépayé'),
    'ou acheté le lead.', 'ou acheté la mise en relation.')
WHERE version = 1;
