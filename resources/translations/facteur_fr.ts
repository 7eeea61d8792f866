<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>AudienceSection</name>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="132" />
        <source>New…</source>
        <translation>Créer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="136" />
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="138" />
        <source>Rename…</source>
        <translation>Renommer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="140" />
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
</context>
<context>
    <name>AudiencesPage</name>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="195" />
        <source>Lists</source>
        <translation>Listes</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="196" />
        <source>Tags</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="197" />
        <source>Segments</source>
        <translation>Segments</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="287" />
        <source>New list</source>
        <translation>Nouvelle liste</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="288" />
        <source>Rename the list</source>
        <translation>Renommer la liste</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="289" />
        <source>Delete the list</source>
        <translation>Supprimer la liste</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="292" />
        <source>New tag</source>
        <translation>Nouvelle étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="293" />
        <source>Rename the tag</source>
        <translation>Renommer l’étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="294" />
        <source>Delete the tag</source>
        <translation>Supprimer l’étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="297" />
        <source>New segment</source>
        <translation>Nouveau segment</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="298" />
        <source>Rename the segment</source>
        <translation>Renommer le segment</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="299" />
        <source>Delete the segment</source>
        <translation>Supprimer le segment</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="338" />
        <source>Name of the new list:</source>
        <translation>Nom de la nouvelle liste :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="338" />
        <source>Name of the new tag:</source>
        <translation>Nom de la nouvelle étiquette :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="351" />
        <source>New name:</source>
        <translation>Nouveau nom :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="376" />
        <source>These segments still use the deleted list “{0}” and no longer match its former members: {1}. Edit them on the Segments tab.</source>
        <translation>Ces segments utilisent encore la liste supprimée « {0} » : {1}. Ils ne correspondent plus à ses anciens membres ; modifiez-les dans l’onglet Segments.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="380" />
        <source>These segments still use the deleted tag “{0}” and no longer match its former contacts: {1}. Edit them on the Segments tab.</source>
        <translation>Ces segments utilisent encore l’étiquette supprimée « {0} » : {1}. Ils ne correspondent plus aux contacts qui l’avaient ; modifiez-les dans l’onglet Segments.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="386" />
        <source>Segments to review</source>
        <translation>Segments à vérifier</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="392" />
        <source>Delete the segment “{0}”? Its contacts are not affected.</source>
        <translation>Supprimer le segment « {0} » ? Ses contacts ne sont pas modifiés.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="396" />
        <source>Delete the list “{0}”? It has no contacts.</source>
        <translation>Supprimer la liste « {0} » ? Elle ne contient aucun contact.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="398" />
        <source>Delete the list “{0}”? Its contact is kept.</source>
        <translation>Supprimer la liste « {0} » ? Le contact qu’elle contient est conservé.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="399" />
        <source>Delete the list “{0}”? Its {1} contacts are kept.</source>
        <translation>Supprimer la liste « {0} » ? Les {1} contacts qu’elle contient sont conservés.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="401" />
        <source>Delete the tag “{0}”? No contact has it.</source>
        <translation>Supprimer l’étiquette « {0} » ? Aucun contact ne l’a.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="403" />
        <source>Delete the tag “{0}”? The contact that has it is kept.</source>
        <translation>Supprimer l’étiquette « {0} » ? Le contact qui l’a est conservé.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="404" />
        <source>Delete the tag “{0}”? The {1} contacts that have it are kept.</source>
        <translation>Supprimer l’étiquette « {0} » ? Les {1} contacts qui l’ont sont conservés.</translation>
    </message>
</context>
<context>
    <name>BulkAssignDialog</name>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="57" />
        <source>Tags</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="59" />
        <source>Tags for the selected contact:</source>
        <translation>Étiquettes du contact sélectionné :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="61" />
        <source>Tags for {0} selected contacts:</source>
        <translation>Étiquettes des {0} contacts sélectionnés :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="63" />
        <source>Add these tags</source>
        <translation>Ajouter ces étiquettes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="63" />
        <source>Remove these tags</source>
        <translation>Retirer ces étiquettes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="64" />
        <source>Other tags, comma-separated (created if new)</source>
        <translation>Autres étiquettes, séparées par des virgules (créées si besoin)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="66" />
        <source>Lists</source>
        <translation>Listes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="68" />
        <source>Lists for the selected contact:</source>
        <translation>Listes du contact sélectionné :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="70" />
        <source>Lists for {0} selected contacts:</source>
        <translation>Listes des {0} contacts sélectionnés :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="73" />
        <source>Add to these lists</source>
        <translation>Ajouter à ces listes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="74" />
        <source>Remove from these lists</source>
        <translation>Retirer de ces listes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="76" />
        <source>Other lists, comma-separated (created if new)</source>
        <translation>Autres listes, séparées par des virgules (créées si besoin)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="110" />
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
</context>
<context>
    <name>ConditionRow</name>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="401" />
        <source>attribute name</source>
        <translation>nom du champ</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="408" />
        <source>value</source>
        <translation>valeur</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="415" />
        <source>values separated by commas</source>
        <translation>valeurs séparées par des virgules</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="420" />
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="426" />
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="453" />
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="454" />
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="455" />
        <source>Last name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="456" />
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="457" />
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="458" />
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="459" />
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="460" />
        <source>Consent source</source>
        <translation>Source du consentement</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="461" />
        <source>Tracking consent</source>
        <translation>Consentement au suivi</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="462" />
        <source>Created</source>
        <translation>Date de création</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="463" />
        <source>Updated</source>
        <translation>Date de modification</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="464" />
        <source>Last activity</source>
        <translation>Dernière activité</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="465" />
        <source>Consent date</source>
        <translation>Date du consentement</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="466" />
        <source>Tag</source>
        <translation>Étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="467" />
        <source>List</source>
        <translation>Liste</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="472" />
        <source>equals</source>
        <translation>est</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="473" />
        <source>is not</source>
        <translation>n’est pas</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="474" />
        <source>contains</source>
        <translation>contient</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="475" />
        <source>starts with</source>
        <translation>commence par</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="476" />
        <source>is one of</source>
        <translation>fait partie de</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="477" />
        <source>greater than</source>
        <translation>supérieur à</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="478" />
        <source>less than</source>
        <translation>inférieur à</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="479" />
        <source>before</source>
        <translation>avant le</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="480" />
        <source>after</source>
        <translation>après le</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="481" />
        <source>is set</source>
        <translation>est renseigné</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="555" />
        <source>Attribute: {0}</source>
        <translation>Champ personnalisé : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="556" />
        <source>Other attribute…</source>
        <translation>Autre champ personnalisé…</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="103" />
        <source>New contact</source>
        <translation>Nouveau contact</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="103" />
        <source>Edit contact</source>
        <translation>Modifier le contact</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="112" />
        <source>name@example.fr</source>
        <translation>nom@exemple.fr</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="114" />
        <source>Email:</source>
        <translation>Adresse e-mail :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="124" />
        <source>First name:</source>
        <translation>Prénom :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="127" />
        <source>Last name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="130" />
        <source>Company:</source>
        <translation>Société :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="133" />
        <source>Phone:</source>
        <translation>Téléphone :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="136" />
        <source>e.g. fr</source>
        <translation>ex. : fr</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="137" />
        <source>Language:</source>
        <translation>Langue :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="143" />
        <source>Status:</source>
        <translation>Statut :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="144" />
        <source>Agreed to open and click tracking</source>
        <translation>A accepté le suivi des ouvertures et des clics</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="147" />
        <source>Comma-separated, e.g. client, vip</source>
        <translation>Séparées par des virgules, ex. : client, vip</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="149" />
        <source>Tags:</source>
        <translation>Étiquettes :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="150" />
        <source>Comma-separated list names</source>
        <translation>Noms de listes séparés par des virgules</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="152" />
        <source>Lists:</source>
        <translation>Listes :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="185" />
        <source>Custom fields</source>
        <translation>Champs personnalisés</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="189" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="189" />
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="196" />
        <source>Add field</source>
        <translation>Ajouter un champ</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="198" />
        <source>Remove field</source>
        <translation>Supprimer le champ</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="207" />
        <source>Consent</source>
        <translation>Consentement</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="214" />
        <location filename="../../ui/dialogs/contact_dialog.py" line="215" />
        <source>unknown</source>
        <translation>inconnue</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="216" />
        <source>Source:</source>
        <translation>Source :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="217" />
        <source>Date:</source>
        <translation>Date :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="221" />
        <source>Wording:</source>
        <translation>Texte accepté :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="223" />
        <source>IP address:</source>
        <translation>Adresse IP :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="282" />
        <source>Not a valid address: {0}</source>
        <translation>Adresse non valide : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="300" />
        <source>Give every custom field a name.</source>
        <translation>Donnez un nom à chaque champ personnalisé.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="302" />
        <source>The custom field {0} appears twice.</source>
        <translation>Le champ personnalisé « {0} » apparaît deux fois.</translation>
    </message>
</context>
<context>
    <name>ContactStatus</name>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="73" />
        <source>Subscribed</source>
        <translation>Abonné</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="74" />
        <source>Unsubscribed</source>
        <translation>Désabonné</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="75" />
        <source>Bounced</source>
        <translation>Rejeté</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="76" />
        <source>Complained</source>
        <translation>Plainte</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="77" />
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="133" />
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="139" />
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="145" />
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="150" />
        <source>Tags…</source>
        <translation>Étiquettes…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="152" />
        <source>Lists…</source>
        <translation>Listes…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="155" />
        <source>Import…</source>
        <translation>Importer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="158" />
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="175" />
        <source>Search by email, name, company or phone</source>
        <translation>Rechercher par e-mail, nom, société ou téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="181" />
        <location filename="../../ui/pages/contacts_page.py" line="330" />
        <source>All contacts</source>
        <translation>Tous les contacts</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="185" />
        <source>Any status</source>
        <translation>Tous les statuts</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="300" />
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln contact</numerusform>
            <numerusform>%Ln contacts</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="332" />
        <source>List: {0}</source>
        <translation>Liste : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="333" />
        <source>Tag: {0}</source>
        <translation>Étiquette : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="334" />
        <source>Segment: {0}</source>
        <translation>Segment : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="482" />
        <source>Saved {0}.</source>
        <translation>Contact {0} enregistré.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="490" />
        <source>Delete {0}? This cannot be undone.</source>
        <translation>Supprimer {0} ? Cette action est irréversible.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="492" />
        <source>Delete this contact? This cannot be undone.</source>
        <translation>Supprimer ce contact ? Cette action est irréversible.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="494" />
        <source>Delete {0} contacts? This cannot be undone.</source>
        <translation>Supprimer {0} contacts ? Cette action est irréversible.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="499" />
        <source>Delete contacts</source>
        <translation>Supprimer des contacts</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="516" />
        <source>%Ln contact(s) deleted.</source>
        <translation>
            <numerusform>%Ln contact supprimé.</numerusform>
            <numerusform>%Ln contacts supprimés.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="543" />
        <source>No change was needed.</source>
        <translation>Aucune modification n’était nécessaire.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="545" />
        <source>1 change saved.</source>
        <translation>1 modification enregistrée.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="547" />
        <source>{0} changes saved.</source>
        <translation>{0} modifications enregistrées.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="597" />
        <source>CSV file (*.csv)</source>
        <translation>Fichier CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="598" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Classeur Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="601" />
        <source>Export contacts</source>
        <translation>Exporter les contacts</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="619" />
        <source>%Ln contact(s) exported to {0}.</source>
        <translation>
            <numerusform>%Ln contact exporté vers {0}.</numerusform>
            <numerusform>%Ln contacts exportés vers {0}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactsTableModel</name>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="124" />
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="125" />
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="126" />
        <source>Last name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="127" />
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="128" />
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="129" />
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="130" />
        <source>Tags</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="131" />
        <source>Lists</source>
        <translation>Listes</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="132" />
        <source>Created</source>
        <translation>Créé le</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="173" />
        <source>Choose a file</source>
        <translation>Choisir un fichier</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="176" />
        <source>CSV, Excel (xlsx, xls) or OpenDocument (ods). You can also drop the file here.</source>
        <translation>CSV, Excel (xlsx, xls) ou OpenDocument (ods). Vous pouvez aussi déposer le fichier ici.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="182" />
        <source>Path of the file to import</source>
        <translation>Chemin du fichier à importer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="184" />
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="190" />
        <source>Drop a file here</source>
        <translation>Déposez un fichier ici</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="213" />
        <source>Import contacts</source>
        <translation>Importer des contacts</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="215" />
        <source>Contact files (*.csv *.txt *.xlsx *.xls *.ods);;All files (*)</source>
        <translation>Fichiers de contacts (*.csv *.txt *.xlsx *.xls *.ods);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>GroupEditor</name>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="278" />
        <source>all of</source>
        <translation>toutes les conditions</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="279" />
        <source>any of</source>
        <translation>au moins une des conditions</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="280" />
        <source>Contacts matching</source>
        <translation>Contacts remplissant</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="282" />
        <source>the following:</source>
        <translation>suivantes :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="284" />
        <source>All</source>
        <translation>Toutes les conditions</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="285" />
        <source>Any</source>
        <translation>Au moins une condition</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="287" />
        <source>of these:</source>
        <translation>ci-dessous :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="291" />
        <source>Remove group</source>
        <translation>Supprimer le groupe</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="299" />
        <source>Add condition</source>
        <translation>Ajouter une condition</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="307" />
        <source>Add group</source>
        <translation>Ajouter un groupe</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="106" />
        <source>Import contacts</source>
        <translation>Importer des contacts</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="69" />
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="70" />
        <source>Lists and segments</source>
        <translation>Listes et segments</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="71" />
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="103" />
        <source>Facteur keeps running</source>
        <translation>Facteur reste actif</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="105" />
        <source>Facteur is still running in the system tray so that scheduled mail goes out. Use Quit in the tray menu to stop it.</source>
        <translation>Facteur reste actif dans la zone de notification pour que les envois programmés partent. Pour l’arrêter, choisissez « Quitter » dans le menu de son icône.</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="377" />
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="378" />
        <source>Choose where each column of the file goes.</source>
        <translation>Indiquez à quoi correspond chaque colonne du fichier.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="393" />
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="394" />
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="395" />
        <source>Last name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="396" />
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="397" />
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="398" />
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="399" />
        <source>Custom attribute “{0}”</source>
        <translation>Champ personnalisé « {0} »</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="400" />
        <source>Ignore</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="413" />
        <source>Column</source>
        <translation>Colonne</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="413" />
        <source>Example</source>
        <translation>Exemple</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="413" />
        <source>Goes to</source>
        <translation>Correspond à</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="460" />
        <source>Choose the column that holds the email addresses.</source>
        <translation>Choisissez la colonne qui contient les adresses e-mail.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="463" />
        <source>Only one column can hold the email address (now: {0}).</source>
        <translation>Une seule colonne peut contenir l’adresse e-mail (actuellement : {0}).</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="476" />
        <source>Several columns go to {0} ({1}): choose one, ignore the others.</source>
        <translation>Plusieurs colonnes correspondent à {0} ({1}) : gardez-en une et ignorez les autres.</translation>
    </message>
</context>
<context>
    <name>NamedCountModel</name>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="96" />
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="108" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="110" />
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
</context>
<context>
    <name>NamesPicker</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="500" />
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="504" />
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
</context>
<context>
    <name>OptionsPage</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="555" />
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="556" />
        <source>Lists and tags are created when they do not exist yet.</source>
        <translation>Les listes et les étiquettes qui n’existent pas encore sont créées.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="558" />
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="559" />
        <source>List name</source>
        <translation>Nom de la liste</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="561" />
        <source>Tag name</source>
        <translation>Nom de l’étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="564" />
        <source>Add to lists:</source>
        <translation>Ajouter aux listes :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="565" />
        <source>Add tags:</source>
        <translation>Ajouter les étiquettes :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="566" />
        <source>Addresses already in your contacts</source>
        <translation>Adresses déjà présentes dans vos contacts</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="567" />
        <source>Update them with the file's values</source>
        <translation>Les mettre à jour avec les valeurs du fichier</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="569" />
        <source>Leave them unchanged</source>
        <translation>Ne pas les modifier</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="261" />
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="262" />
        <source>Check that the columns and accents look right.</source>
        <translation>Vérifiez que les colonnes et les accents s’affichent correctement.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="300" />
        <source>Reading {0}…</source>
        <translation>Lecture de {0}…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="330" />
        <source>This file cannot be imported.</source>
        <translation>Ce fichier ne peut pas être importé.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="337" />
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="338" />
        <source>Excel (xlsx)</source>
        <translation>Excel (xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="339" />
        <source>Excel 97-2003 (xls)</source>
        <translation>Excel 97-2003 (xls)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="340" />
        <source>OpenDocument (ods)</source>
        <translation>OpenDocument (ods)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="342" />
        <source>Format: {0}</source>
        <translation>Format : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="344" />
        <source>Encoding: {0}</source>
        <translation>Encodage : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="346" />
        <source>Separator: {0}</source>
        <translation>Séparateur : {0}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_wizard.py" line="347" />
        <source>%Ln column(s)</source>
        <translation>
            <numerusform>%Ln colonne</numerusform>
            <numerusform>%Ln colonnes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_wizard.py" line="350" />
        <source>The first %Ln row(s):</source>
        <translation>
            <numerusform>La première ligne :</numerusform>
            <numerusform>Les %Ln premières lignes :</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="352" />
        <source>The file has no rows under its header line.</source>
        <translation>Le fichier ne contient aucune ligne sous sa ligne d’en-tête.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="357" />
        <source>semicolon</source>
        <translation>point-virgule</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="358" />
        <source>comma</source>
        <translation>virgule</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="359" />
        <source>vertical bar</source>
        <translation>barre verticale</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="360" />
        <source>colon</source>
        <translation>deux-points</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="363" />
        <source>tab</source>
        <translation>tabulation</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="608" />
        <source>Importing</source>
        <translation>Import en cours</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="609" />
        <source>Next</source>
        <translation>Suivant</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="616" />
        <source>Cancel import</source>
        <translation>Annuler l’import</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="619" />
        <source>Back to the options</source>
        <translation>Retour aux options</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="650" />
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="679" />
        <source>Starting the import…</source>
        <translation>Démarrage de l’import…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="700" />
        <source>{0} of {1} rows read…</source>
        <translation>Lignes lues : {0} sur {1}…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="704" />
        <source>{0} rows read…</source>
        <translation>Lignes lues : {0}…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="712" />
        <source>Import cancelled: nothing was stored.</source>
        <translation>Import annulé : rien n’a été enregistré.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="718" />
        <source>Import finished.</source>
        <translation>Import terminé.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="733" />
        <source>The import failed: nothing was stored.</source>
        <translation>L’import a échoué : rien n’a été enregistré.</translation>
    </message>
</context>
<context>
    <name>RuleBuilder</name>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="111" />
        <source>This rule is not valid: {0}</source>
        <translation>Cette règle n’est pas valide : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="117" />
        <source>This rule cannot be shown in the editor: {0}</source>
        <translation>Cette règle ne peut pas être affichée dans l’éditeur : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="135" />
        <source>a value of “is one of” contains a comma.</source>
        <translation>une valeur de « fait partie de » contient une virgule.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="222" />
        <source>Counting…</source>
        <translation>Calcul en cours…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="236" />
        <source>1 matching contact</source>
        <translation>1 contact correspondant</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/rule_builder.py" line="238" />
        <source>%n matching contacts</source>
        <translation>
            <numerusform>%n contact correspondant</numerusform>
            <numerusform>%n contacts correspondants</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SegmentDialog</name>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="449" />
        <source>Edit segment</source>
        <translation>Modifier le segment</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="449" />
        <source>New segment</source>
        <translation>Nouveau segment</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="458" />
        <source>Use Rename… in the list to change the name.</source>
        <translation>Pour changer le nom, utilisez « Renommer… » dans l’onglet Segments.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="473" />
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="25" />
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="30" />
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="39" />
        <source>Language:</source>
        <translation>Langue :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="40" />
        <source>The new language applies when Facteur is restarted.</source>
        <translation>La nouvelle langue s’appliquera au prochain démarrage de Facteur.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="45" />
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="47" />
        <source>Data folder:</source>
        <translation>Dossier des données :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="48" />
        <source>Database:</source>
        <translation>Base de données :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="49" />
        <source>Log file:</source>
        <translation>Fichier journal :</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="757" />
        <source>Import finished</source>
        <translation>Import terminé</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="769" />
        <source>New contacts:</source>
        <translation>Nouveaux contacts :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="770" />
        <source>Updated contacts:</source>
        <translation>Contacts mis à jour :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="771" />
        <source>Skipped (already known):</source>
        <translation>Ignorés (déjà connus) :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="774" />
        <source>Row</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="774" />
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="774" />
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="778" />
        <source>Save rejected rows…</source>
        <translation>Enregistrer les lignes rejetées…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="802" />
        <source>No row was rejected.</source>
        <translation>Aucune ligne n’a été rejetée.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="806" />
        <source>{0} rows were rejected; the first {1} are shown. Save them to see all.</source>
        <translation>{0} lignes ont été rejetées ; les {1} premières sont affichées. Enregistrez-les pour toutes les voir.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="812" />
        <source>Rejected rows: {0}. Save them, correct them and import them again.</source>
        <translation>Lignes rejetées : {0}. Enregistrez-les, corrigez-les puis importez-les à nouveau.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="832" />
        <source>Save rejected rows</source>
        <translation>Enregistrer les lignes rejetées</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="832" />
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="843" />
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="850" />
        <source>Saved to {0}</source>
        <translation>Fichier enregistré : {0}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/tray.py" line="21" />
        <source>Open Facteur</source>
        <translation>Ouvrir Facteur</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="22" />
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/errors.py" line="29" />
        <source>the log file</source>
        <translation>le fichier journal</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="30" />
        <source>An unexpected error occurred. Details were written to {0}.</source>
        <translation>Une erreur inattendue s’est produite. Les détails ont été enregistrés dans {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="39" />
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="42" />
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
</context>
</TS>