<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
  <context>
    <name>app</name>
    <message>
      <source>Could not change the start at login: {reason}</source>
      <translation>Impossible de modifier le démarrage à l’ouverture de session : {reason}</translation>
    </message>
    <message>
      <source>{expression!r} is not a cron expression: it needs five fields (minute hour day month weekday), for example {example!r} for Mondays at 09:00.</source>
      <translation>{expression!r} n’est pas une expression cron : elle doit comporter cinq champs (minute, heure, jour du mois, mois, jour de la semaine), par exemple {example!r} pour tous les lundis à 9 h.</translation>
    </message>
    <message>
      <source>The schedule {expression!r} never happens.</source>
      <translation>La programmation {expression!r} ne correspond à aucune date.</translation>
    </message>
    <message>
      <source>Unknown time zone {name!r}: use a name such as Europe/Paris.</source>
      <translation>Fuseau horaire inconnu {name!r} : utilisez un nom comme Europe/Paris.</translation>
    </message>
    <message>
      <source>{expression!r} is not a valid cron expression ({reason}); for example {example!r} is Mondays at 09:00.</source>
      <translation>{expression!r} n’est pas une expression cron valide ({reason}) ; par exemple, {example!r} signifie tous les lundis à 9 h.</translation>
    </message>
    <message>
      <source>The delay {text!r} is not an ISO-8601 duration: use for example {examples}.</source>
      <translation>Le délai {text!r} n’est pas une durée ISO 8601 : utilisez par exemple {examples}.</translation>
    </message>
    <message>
      <source>The delay {text!r} is too long: at most {days} days.</source>
      <translation>Le délai {text!r} est trop long : {days} jours au plus.</translation>
    </message>
    <message>
      <source>The delay {text!r} counts in months or years, whose length varies: write it in days or weeks instead (P30D, P4W).</source>
      <translation>Le délai {text!r} est exprimé en mois ou en années, dont la durée varie : indiquez-le plutôt en jours ou en semaines (P30D, P4W).</translation>
    </message>
    <message>
      <source>--data {item!r} must look like KEY=VALUE.</source>
      <translation>--data {item!r} doit être de la forme CLÉ=VALEUR.</translation>
    </message>
    <message>
      <source>{name!r} is not a valid event name: use lower-case letters, digits, '_', '.' or '-', starting with a letter (at most 100 characters), such as signup or order.paid.</source>
      <translation>{name!r} n’est pas un nom d’événement valide : utilisez des lettres minuscules sans accents, des chiffres, '_', '.' ou '-', en commençant par une lettre (100 caractères au plus), comme signup ou order.paid.</translation>
    </message>
    <message>
      <source>{name!r} is an event Facteur records by itself; choose another name for a custom event.</source>
      <translation>{name!r} est un événement que Facteur enregistre lui-même ; choisissez un autre nom pour un événement personnalisé.</translation>
    </message>
    <message>
      <source>An event's data must be a set of key=value pairs.</source>
      <translation>Les données d’un événement doivent être un ensemble de paires clé=valeur.</translation>
    </message>
    <message>
      <source>The event's data is too large ({size} bytes; at most {limit}).</source>
      <translation>Les données de l’événement sont trop volumineuses ({size} octets ; {limit} au plus).</translation>
    </message>
    <message>
      <source>A key of the event's data cannot be empty.</source>
      <translation>Une clé des données de l’événement ne peut pas être vide.</translation>
    </message>
    <message>
      <source>The event's data cannot be stored: {reason}.</source>
      <translation>Les données de l’événement ne peuvent pas être enregistrées : {reason}.</translation>
    </message>
    <message>
      <source>--filter must be a JSON object such as {"all": [...]}.</source>
      <translation>--filter doit être un objet JSON tel que {"all": [...]}.</translation>
    </message>
    <message>
      <source>Say what the rule does: --send TEMPLATE, --enroll SEQUENCE, --add-tag T, --remove-tag T or --add-to-list L.</source>
      <translation>Indiquez ce que fait la règle : --send MODÈLE, --enroll SÉQUENCE, --add-tag ÉTIQUETTE, --remove-tag ÉTIQUETTE ou --add-to-list LISTE.</translation>
    </message>
    <message>
      <source>--filter is not valid JSON: {reason} at character {pos}.</source>
      <translation>--filter n’est pas du JSON valide : {reason} au caractère {pos}.</translation>
    </message>
    <message>
      <source>The hour must be a whole number (not {value!r}).</source>
      <translation>L’heure doit être un nombre entier (et non {value!r}).</translation>
    </message>
    <message>
      <source>The number of days must be a whole number (not {value!r}).</source>
      <translation>Le nombre de jours doit être un nombre entier (et non {value!r}).</translation>
    </message>
    <message>
      <source>Unknown action {kind!r}.</source>
      <translation>Action inconnue {kind!r}.</translation>
    </message>
    <message>
      <source>A date trigger needs the attribute holding the date, as in date:renewal.</source>
      <translation>Un déclencheur de date doit indiquer le champ personnalisé qui contient la date, comme dans date:renouvellement.</translation>
    </message>
    <message>
      <source>No rule named {name!r}.</source>
      <translation>Aucune règle nommée {name!r}.</translation>
    </message>
    <message>
      <source>A rule name cannot be empty.</source>
      <translation>Le nom d’une règle ne peut pas être vide.</translation>
    </message>
    <message>
      <source>A rule name is limited to {max_len} characters.</source>
      <translation>Le nom d’une règle est limité à {max_len} caractères.</translation>
    </message>
    <message>
      <source>Unknown action {kind!r}: use one of {choices}.</source>
      <translation>Action inconnue {kind!r} : utilisez l’une de {choices}.</translation>
    </message>
    <message>
      <source>A rule needs at least one action: send a template, enroll in a sequence, add or remove a tag, or add to a list.</source>
      <translation>Une règle doit avoir au moins une action : envoyer un modèle, inscrire à une séquence, ajouter ou retirer une étiquette, ou ajouter à une liste.</translation>
    </message>
    <message>
      <source>A rule named {name!r} already exists.</source>
      <translation>Une règle nommée {name!r} existe déjà.</translation>
    </message>
    <message>
      <source>No list named {name!r}.</source>
      <translation>Aucune liste nommée {name!r}.</translation>
    </message>
    <message>
      <source>The trigger {trigger!r} takes no parameter.</source>
      <translation>Le déclencheur {trigger!r} ne prend pas de paramètre.</translation>
    </message>
    <message>
      <source>{name!r} is not a valid attribute name.</source>
      <translation>{name!r} n’est pas un nom de champ personnalisé valide.</translation>
    </message>
    <message>
      <source>The frequency cap {text!r} is not an ISO-8601 duration: use for example PT12H, P1D or P7D (months and years are not accepted).</source>
      <translation>La limite de fréquence {text!r} n’est pas une durée ISO 8601 : utilisez par exemple PT12H, P1D ou P7D (les mois et les années ne sont pas acceptés).</translation>
    </message>
    <message>
      <source>Add a sending account first: a rule's mail is sent through one.</source>
      <translation>Ajoutez d’abord un compte d’envoi : c’est par lui que partent les e-mails d’une règle.</translation>
    </message>
    <message>
      <source>Several sending accounts exist ({accounts}): choose the one this rule sends through.</source>
      <translation>Il existe plusieurs comptes d’envoi ({accounts}) : choisissez celui par lequel cette règle envoie.</translation>
    </message>
    <message>
      <source>A send action needs a template.</source>
      <translation>Une action d’envoi doit avoir un modèle.</translation>
    </message>
    <message>
      <source>No template named {name!r}.</source>
      <translation>Aucun modèle nommé {name!r}.</translation>
    </message>
    <message>
      <source>The hour must be between 0 and 23, not {hour}.</source>
      <translation>L’heure doit être comprise entre 0 et 23, pas {hour}.</translation>
    </message>
    <message>
      <source>A date trigger fires at most {days} days before or after the date.</source>
      <translation>Un déclencheur de date agit au plus {days} jours avant ou après la date.</translation>
    </message>
    <message>
      <source>The rule {name!r} sends no template: edit it and choose one.</source>
      <translation>La règle {name!r} n’envoie aucun modèle : modifiez-la et choisissez-en un.</translation>
    </message>
    <message>
      <source>The rule {name!r} enrolls in no sequence: edit it and choose one.</source>
      <translation>La règle {name!r} n’inscrit à aucune séquence : modifiez-la et choisissez-en une.</translation>
    </message>
    <message>
      <source>An enroll action needs a sequence.</source>
      <translation>Une action d’inscription doit avoir une séquence.</translation>
    </message>
    <message>
      <source>No sequence named {name!r}.</source>
      <translation>Aucune séquence nommée {name!r}.</translation>
    </message>
    <message>
      <source>--step {value!r} is not understood: write TEMPLATE:DURATION, e.g. Bienvenue:PT0S or Relance:P2D.</source>
      <translation>--step {value!r} n’est pas reconnu : écrivez MODÈLE:DURÉE, par exemple Bienvenue:PT0S ou Relance:P2D.</translation>
    </message>
    <message>
      <source>--data {value!r} is not understood: write KEY=VALUE.</source>
      <translation>--data {value!r} n’est pas reconnu : écrivez CLÉ=VALEUR.</translation>
    </message>
    <message>
      <source>Removed from the sequence</source>
      <translation>Retiré de la séquence</translation>
    </message>
    <message>
      <source>Unsubscribed</source>
      <translation>Désabonné</translation>
    </message>
    <message>
      <source>Address bounced</source>
      <translation>Adresse rejetée</translation>
    </message>
    <message>
      <source>Complained (marked as spam)</source>
      <translation>Plainte (signalé comme spam)</translation>
    </message>
    <message>
      <source>Subscription not confirmed</source>
      <translation>Inscription non confirmée</translation>
    </message>
    <message>
      <source>Reached the goal: {event}</source>
      <translation>Objectif atteint : {event}</translation>
    </message>
    <message>
      <source>A sequence name cannot be empty.</source>
      <translation>Le nom d’une séquence ne peut pas être vide.</translation>
    </message>
    <message>
      <source>A sequence name is limited to {max_len} characters.</source>
      <translation>Le nom d’une séquence est limité à {max_len} caractères.</translation>
    </message>
    <message>
      <source>A sequence needs at least one step (a template and a delay).</source>
      <translation>Une séquence doit avoir au moins une étape (un modèle et un délai).</translation>
    </message>
    <message>
      <source>A sequence has at most {max} steps.</source>
      <translation>Une séquence compte {max} étapes au plus.</translation>
    </message>
    <message>
      <source>A sequence named {name!r} already exists.</source>
      <translation>Une séquence nommée {name!r} existe déjà.</translation>
    </message>
    <message>
      <source>Add a sending account first: a sequence sends through one.</source>
      <translation>Ajoutez d’abord un compte d’envoi : c’est par lui qu’une séquence envoie ses e-mails.</translation>
    </message>
    <message>
      <source>Several sending accounts exist ({accounts}): choose the one this sequence sends through.</source>
      <translation>Il existe plusieurs comptes d’envoi ({accounts}) : choisissez celui par lequel cette séquence envoie.</translation>
    </message>
    <message>
      <source>The sequence {name!r} is used by the rules {rules}: delete them or change their action first.</source>
      <translation>La séquence {name!r} est utilisée par la ou les règles {rules} : supprimez-les ou modifiez d’abord leur action.</translation>
    </message>
    <message>
      <source>No contact {contact!r}.</source>
      <translation>Aucun contact {contact!r}.</translation>
    </message>
    <message>
      <source>The grace period must be between 0 and {days} days.</source>
      <translation>Le délai de grâce doit être compris entre 0 et {days} jours.</translation>
    </message>
    <message>
      <source>The sending window {text!r} is not understood: write days and hours such as {examples}.</source>
      <translation>La plage d’envoi {text!r} n’est pas reconnue : indiquez des jours et des heures comme {examples}.</translation>
    </message>
    <message>
      <source>{time!r} is not a time of day: use 00:00 to 23:59 (24:00 for an end at midnight).</source>
      <translation>{time!r} n’est pas une heure valide : utilisez une heure de 00:00 à 23:59 (24:00 pour finir à minuit).</translation>
    </message>
    <message>
      <source>A sending window needs at least one day of the week.</source>
      <translation>Une plage d’envoi doit comporter au moins un jour de la semaine.</translation>
    </message>
    <message>
      <source>The sending window opens and closes at the same time ({time}): it would never be open.</source>
      <translation>La plage d’envoi s’ouvre et se ferme à la même heure ({time}) : elle ne serait jamais ouverte.</translation>
    </message>
    <message>
      <source>The window's timezone must be 'contact' or 'account', not {value!r}.</source>
      <translation>Le fuseau horaire de la plage d’envoi doit valoir 'contact' ou 'account', pas {value!r}.</translation>
    </message>
    <message>
      <source>{day!r} is not a day: use mon, tue, wed, thu, fri, sat, sun (or lun ... dim), as in {examples}.</source>
      <translation>{day!r} n’est pas un jour : utilisez lun, mar, mer, jeu, ven, sam, dim (ou mon ... sun), comme dans {examples}.</translation>
    </message>
    <message>
      <source>A sending window needs days, a start and an end time.</source>
      <translation>Une plage d’envoi doit avoir des jours, une heure de début et une heure de fin.</translation>
    </message>
    <message>
      <source>--rule must be a JSON object such as {"all": [...]}.</source>
      <translation>--rule doit être un objet JSON tel que {"all": [...]}.</translation>
    </message>
    <message>
      <source>{value!r} is not a valid email address: {reason}</source>
      <translation>{value!r} n’est pas une adresse e-mail valide : {reason}</translation>
    </message>
    <message>
      <source>An email address must have an @-sign.</source>
      <translation>Une adresse e-mail doit contenir un @.</translation>
    </message>
    <message>
      <source>There must be something after the @-sign.</source>
      <translation>Il doit y avoir quelque chose après le @.</translation>
    </message>
    <message>
      <source>There must be something before the @-sign.</source>
      <translation>Il doit y avoir quelque chose avant le @.</translation>
    </message>
    <message>
      <source>An email address cannot have two periods in a row.</source>
      <translation>Une adresse e-mail ne peut pas contenir deux points à la suite.</translation>
    </message>
    <message>
      <source>An email address cannot have a period and a hyphen next to each other.</source>
      <translation>Une adresse e-mail ne peut pas contenir un point et un tiret côte à côte.</translation>
    </message>
    <message>
      <source>The part after the @-sign is not valid. It should have a period.</source>
      <translation>La partie après le @ n’est pas valide : elle devrait contenir un point.</translation>
    </message>
    <message>
      <source>The part after the @-sign is not valid. It is not within a valid top-level domain.</source>
      <translation>La partie après le @ n’est pas valide : son domaine de premier niveau n’existe pas.</translation>
    </message>
    <message>
      <source>The part after the @-sign is a special-use or reserved name that cannot be used with email.</source>
      <translation>La partie après le @ est un nom réservé qui ne peut pas servir pour l’e-mail.</translation>
    </message>
    <message>
      <source>The email address contains invalid characters before the @-sign.</source>
      <translation>L’adresse e-mail contient des caractères invalides avant le @.</translation>
    </message>
    <message>
      <source>The email address contains an invalid character.</source>
      <translation>L’adresse e-mail contient un caractère invalide.</translation>
    </message>
    <message>
      <source>The email address is not valid ASCII.</source>
      <translation>L’adresse e-mail n’est pas en ASCII valide.</translation>
    </message>
    <message>
      <source>Quoting the part before the @-sign is not allowed here.</source>
      <translation>Les guillemets avant le @ ne sont pas acceptés ici.</translation>
    </message>
    <message>
      <source>A bracketed IP address after the @-sign is not allowed here.</source>
      <translation>Une adresse IP entre crochets après le @ n’est pas acceptée ici.</translation>
    </message>
    <message>
      <source>A display name and angle brackets around the email address are not permitted here.</source>
      <translation>Un nom et des chevrons autour de l’adresse e-mail ne sont pas acceptés ici.</translation>
    </message>
    <message>
      <source>There can't be anything after the email address.</source>
      <translation>Rien ne peut suivre l’adresse e-mail.</translation>
    </message>
    <message>
      <source>Internationalized characters before the @-sign are not supported.</source>
      <translation>Les caractères accentués avant le @ ne sont pas pris en charge.</translation>
    </message>
    <message>
      <source>Unknown export format {fmt!r}: use csv or xlsx.</source>
      <translation>Format d’export inconnu {fmt!r} : utilisez csv ou xlsx.</translation>
    </message>
    <message>
      <source>Cannot write {path}: {reason}</source>
      <translation>Impossible d’écrire {path} : {reason}</translation>
    </message>
    <message>
      <source>The import was cancelled; no contact was imported.</source>
      <translation>L’import a été annulé ; aucun contact n’a été importé.</translation>
    </message>
    <message>
      <source>The file has more than {max_rows:,} rows; split it into smaller files.</source>
      <translation>Le fichier compte plus de {max_rows:,} lignes ; découpez-le en fichiers plus petits.</translation>
    </message>
    <message>
      <source>The rejected rows cannot be saved to "{path}": {reason}.</source>
      <translation>Les lignes rejetées ne peuvent pas être enregistrées dans « {path} » : {reason}.</translation>
    </message>
    <message>
      <source>Some of these contacts were added by someone else while the file was being imported; nothing was imported. Import the file again.</source>
      <translation>Certains de ces contacts ont été ajoutés par quelqu’un d’autre pendant l’import ; rien n’a été importé. Importez le fichier à nouveau.</translation>
    </message>
    <message>
      <source>The contacts could not be saved to the database ({reason}); nothing was imported.</source>
      <translation>Les contacts n’ont pas pu être enregistrés dans la base de données ({reason}) ; rien n’a été importé.</translation>
    </message>
    <message>
      <source>"{value}" is not a field name: use email, first_name, last_name, company, phone, locale, ignore, or a custom attribute name such as city.</source>
      <translation>« {value} » n’est pas un nom de champ : utilisez email, first_name, last_name, company, phone, locale, ignore, ou le nom d’un champ personnalisé comme ville.</translation>
    </message>
    <message>
      <source>No column is mapped to the email address; the first row of the file must hold the column titles (such as "Email"), or map the column holding the addresses to email. The columns are: {columns}.</source>
      <translation>Aucune colonne ne contient l’adresse e-mail : la première ligne du fichier doit porter les titres des colonnes (comme « E-mail »), ou faites correspondre la colonne des adresses à email. Les colonnes sont : {columns}.</translation>
    </message>
    <message>
      <source>The mapping names a column that is not in the file: "{header}". The columns are: {columns}.</source>
      <translation>La correspondance nomme une colonne absente du fichier : « {header} ». Les colonnes sont : {columns}.</translation>
    </message>
    <message>
      <source>Two columns are mapped to {target}: "{first}" and "{second}".</source>
      <translation>Deux colonnes vont vers {target} : « {first} » et « {second} ».</translation>
    </message>
    <message>
      <source>the cell contains a NUL character</source>
      <translation>la cellule contient un caractère NUL</translation>
    </message>
    <message>
      <source>invalid email: {reason}</source>
      <translation>adresse e-mail invalide : {reason}</translation>
    </message>
    <message>
      <source>the value in "{column}" contains a NUL character</source>
      <translation>la valeur de « {column} » contient un caractère NUL</translation>
    </message>
    <message>
      <source>the value in "{column}" is too long ({length:,} characters; at most {limit:,})</source>
      <translation>la valeur de « {column} » est trop longue ({length:,} caractères ; {limit:,} au plus)</translation>
    </message>
    <message>
      <source>the row cannot be imported</source>
      <translation>la ligne ne peut pas être importée</translation>
    </message>
    <message>
      <source>missing email</source>
      <translation>adresse e-mail manquante</translation>
    </message>
    <message>
      <source>"{name}" could not be read: the process reading it stopped unexpectedly.</source>
      <translation>« {name} » n’a pas pu être lu : le processus de lecture s’est arrêté de façon inattendue.</translation>
    </message>
    <message>
      <source>"{name}" cannot be imported: no process could be started to read it ({reason}).</source>
      <translation>« {name} » ne peut pas être importé : aucun processus de lecture n’a pu démarrer ({reason}).</translation>
    </message>
    <message>
      <source>"{name}" changed while it was being imported; import it again.</source>
      <translation>« {name} » a été modifié pendant l’import ; importez-le à nouveau.</translation>
    </message>
    <message>
      <source>"{name}" is {what}, not a spreadsheet or CSV file.</source>
      <translation>« {name} » n’est pas un tableur ni un fichier CSV ({what}).</translation>
    </message>
    <message>
      <source>"{name}" is damaged or is not a spreadsheet or CSV file.</source>
      <translation>« {name} » est endommagé, ou n’est pas un tableur ni un fichier CSV.</translation>
    </message>
    <message>
      <source>"{name}" expands to far more data than a contact file holds (it may be a decompression bomb); it was not read.</source>
      <translation>« {name} » se décompresse en bien plus de données qu’un fichier de contacts (il s’agit peut-être d’une bombe de décompression) ; il n’a pas été lu.</translation>
    </message>
    <message>
      <source>"{name}" is password-protected. Open it in your spreadsheet program, remove the password, save it, and import it again.</source>
      <translation>« {name} » est protégé par un mot de passe. Ouvrez-le dans votre tableur, retirez le mot de passe, enregistrez-le et importez-le à nouveau.</translation>
    </message>
    <message>
      <source>"{name}" is not a text file in a known character encoding; save it from your spreadsheet program as "CSV UTF-8" or as .xlsx.</source>
      <translation>« {name} » n’est pas un fichier texte dans un encodage connu ; enregistrez-le depuis votre tableur au format « CSV UTF-8 » ou .xlsx.</translation>
    </message>
    <message>
      <source>"{name}" holds no data.</source>
      <translation>« {name} » ne contient aucune donnée.</translation>
    </message>
    <message>
      <source>"{name}" has cells spread over {rows:,} rows and {columns:,} columns, more than can be imported. Delete the unused rows and columns (or copy the contacts to a new sheet) and save it again.</source>
      <translation>« {name} » a des cellules réparties sur {rows:,} lignes et {columns:,} colonnes, plus que ce qui peut être importé. Supprimez les lignes et colonnes inutilisées (ou copiez les contacts dans une nouvelle feuille) et enregistrez-le à nouveau.</translation>
    </message>
    <message>
      <source>"{name}" has more than {max_rows:,} rows; split it into smaller files.</source>
      <translation>« {name} » compte plus de {max_rows:,} lignes ; découpez-le en fichiers plus petits.</translation>
    </message>
    <message>
      <source>a PNG image</source>
      <translation>une image PNG</translation>
    </message>
    <message>
      <source>a PDF document</source>
      <translation>un document PDF</translation>
    </message>
    <message>
      <source>a JPEG image</source>
      <translation>une image JPEG</translation>
    </message>
    <message>
      <source>a GIF image</source>
      <translation>une image GIF</translation>
    </message>
    <message>
      <source>a gzip archive</source>
      <translation>une archive gzip</translation>
    </message>
    <message>
      <source>a RAR archive</source>
      <translation>une archive RAR</translation>
    </message>
    <message>
      <source>a 7-Zip archive</source>
      <translation>une archive 7-Zip</translation>
    </message>
    <message>
      <source>an RTF document</source>
      <translation>un document RTF</translation>
    </message>
    <message>
      <source>a program</source>
      <translation>un programme</translation>
    </message>
    <message>
      <source>"{path}" is not a file.</source>
      <translation>« {path} » n’est pas un fichier.</translation>
    </message>
    <message>
      <source>"{name}" is empty.</source>
      <translation>« {name} » est vide.</translation>
    </message>
    <message>
      <source>"{name}" is too large to import ({size}; the limit is {limit}). Split it into smaller files.</source>
      <translation>« {name} » est trop volumineux pour être importé ({size} ; la limite est de {limit}). Découpez-le en fichiers plus petits.</translation>
    </message>
    <message>
      <source>"{name}" is a web page (HTML) saved under a spreadsheet name. Open it in your spreadsheet program and save it as .xlsx or .csv.</source>
      <translation>« {name} » est une page web (HTML) enregistrée sous un nom de tableur. Ouvrez-la dans votre tableur et enregistrez-la en .xlsx ou .csv.</translation>
    </message>
    <message>
      <source>"{name}" is an XML file (perhaps an Excel 2003 XML spreadsheet). Open it in your spreadsheet program and save it as .xlsx or .csv.</source>
      <translation>« {name} » est un fichier XML (peut-être une feuille XML d’Excel 2003). Ouvrez-le dans votre tableur et enregistrez-le en .xlsx ou .csv.</translation>
    </message>
    <message>
      <source>an Office file of another kind</source>
      <translation>un fichier Office d’un autre type</translation>
    </message>
    <message>
      <source>"{name}" has {columns:,} columns; at most {max_columns:,} can be imported.</source>
      <translation>« {name} » compte {columns:,} colonnes ; {max_columns:,} au plus peuvent être importées.</translation>
    </message>
    <message>
      <source>The file "{path}" does not exist.</source>
      <translation>Le fichier « {path} » n’existe pas.</translation>
    </message>
    <message>
      <source>The file "{path}" cannot be read: {reason}.</source>
      <translation>Le fichier « {path} » ne peut pas être lu : {reason}.</translation>
    </message>
    <message>
      <source>"{name}" cannot be read: {reason}.</source>
      <translation>« {name} » ne peut pas être lu : {reason}.</translation>
    </message>
    <message>
      <source>a Word document</source>
      <translation>un document Word</translation>
    </message>
    <message>
      <source>a PowerPoint presentation</source>
      <translation>une présentation PowerPoint</translation>
    </message>
    <message>
      <source>binary data</source>
      <translation>des données binaires</translation>
    </message>
    <message>
      <source>"{name}" cannot be read as a spreadsheet: {reason}.</source>
      <translation>« {name} » ne peut pas être lu comme un tableur : {reason}.</translation>
    </message>
    <message>
      <source>a ZIP archive</source>
      <translation>une archive ZIP</translation>
    </message>
    <message>
      <source>"{name}" uses a compression method that cannot be read; save it again from your spreadsheet program.</source>
      <translation>« {name} » utilise une méthode de compression illisible ; enregistrez-le à nouveau depuis votre tableur.</translation>
    </message>
    <message>
      <source>"{name}" is an Excel binary workbook (.xlsb), which cannot be imported. Open it in Excel and save it as .xlsx or .csv.</source>
      <translation>« {name} » est un classeur binaire Excel (.xlsb), qui ne peut pas être importé. Ouvrez-le dans Excel et enregistrez-le en .xlsx ou .csv.</translation>
    </message>
    <message>
      <source>"{name}" cannot be read as CSV: {reason}.</source>
      <translation>« {name} » ne peut pas être lu comme un CSV : {reason}.</translation>
    </message>
    <message>
      <source>an OpenDocument file of another kind</source>
      <translation>un fichier OpenDocument d’un autre type</translation>
    </message>
    <message>
      <source>{where}: {value!r} is not a date (use 2024-03-15 or 15/03/2024).</source>
      <translation>{where} : {value!r} n’est pas une date (utilisez 2024-03-15 ou 15/03/2024).</translation>
    </message>
    <message>
      <source>{where}: {value!r} is not a number.</source>
      <translation>{where} : {value!r} n’est pas un nombre.</translation>
    </message>
    <message>
      <source>{where}: expected an object, got {kind}.</source>
      <translation>{where} : un objet est attendu, pas {kind}.</translation>
    </message>
    <message>
      <source>{where}: rules may be nested {depth} levels deep at most.</source>
      <translation>{where} : les règles peuvent être imbriquées sur {depth} niveaux au plus.</translation>
    </message>
    <message>
      <source>A rule may hold {count} conditions at most.</source>
      <translation>Une règle peut contenir {count} conditions au plus.</translation>
    </message>
    <message>
      <source>{where}: a condition is {{'field': ..., 'op': ..., 'value': ...}} or a group {{'all': [...]}} / {{'any': [...]}}.</source>
      <translation>{where} : une condition s’écrit {{'field': ..., 'op': ..., 'value': ...}} et un groupe {{'all': [...]}} / {{'any': [...]}}.</translation>
    </message>
    <message>
      <source>{where}: operator {op!r} does not apply to {field!r} (use {choices}).</source>
      <translation>{where} : l’opérateur {op!r} ne s’applique pas à {field!r} (utilisez {choices}).</translation>
    </message>
    <message>
      <source>{where}: the field must be a name.</source>
      <translation>{where} : le champ doit être un nom.</translation>
    </message>
    <message>
      <source>{where}: unknown field {field!r} (use {choices} or attributes.&lt;name&gt;).</source>
      <translation>{where} : champ inconnu {field!r} (utilisez {choices} ou attributes.&lt;nom&gt;).</translation>
    </message>
    <message>
      <source>No segment named {name!r}.</source>
      <translation>Aucun segment nommé {name!r}.</translation>
    </message>
    <message>
      <source>{where}: a group has exactly one key, 'all' or 'any'.</source>
      <translation>{where} : un groupe a exactement une clé, 'all' ou 'any'.</translation>
    </message>
    <message>
      <source>{where}: expected a list of conditions.</source>
      <translation>{where} : une liste de conditions est attendue.</translation>
    </message>
    <message>
      <source>{where}: 'in' takes a non-empty list of values.</source>
      <translation>{where} : 'in' attend une liste de valeurs non vide.</translation>
    </message>
    <message>
      <source>{where}: {field!r} is not a valid attribute name.</source>
      <translation>{where} : {field!r} n’est pas un nom de champ personnalisé valide.</translation>
    </message>
    <message>
      <source>A segment named {name!r} already exists.</source>
      <translation>Un segment nommé {name!r} existe déjà.</translation>
    </message>
    <message>
      <source>{where}: 'is_set' takes true or false.</source>
      <translation>{where} : 'is_set' attend true ou false.</translation>
    </message>
    <message>
      <source>{where}: {field!r} takes true or false.</source>
      <translation>{where} : {field!r} attend true ou false.</translation>
    </message>
    <message>
      <source>{where}: {op!r} needs a value.</source>
      <translation>{where} : {op!r} demande une valeur.</translation>
    </message>
    <message>
      <source>A contact with the address {email} already exists.</source>
      <translation>Un contact avec l’adresse {email} existe déjà.</translation>
    </message>
    <message>
      <source>A tag name cannot be empty.</source>
      <translation>Le nom d’une étiquette ne peut pas être vide.</translation>
    </message>
    <message>
      <source>A list name cannot be empty.</source>
      <translation>Le nom d’une liste ne peut pas être vide.</translation>
    </message>
    <message>
      <source>A segment name cannot be empty.</source>
      <translation>Le nom d’un segment ne peut pas être vide.</translation>
    </message>
    <message>
      <source>A tag name is limited to {max_len} characters.</source>
      <translation>Le nom d’une étiquette est limité à {max_len} caractères.</translation>
    </message>
    <message>
      <source>A list name is limited to {max_len} characters.</source>
      <translation>Le nom d’une liste est limité à {max_len} caractères.</translation>
    </message>
    <message>
      <source>A segment name is limited to {max_len} characters.</source>
      <translation>Le nom d’un segment est limité à {max_len} caractères.</translation>
    </message>
    <message>
      <source>No tag named {name!r}.</source>
      <translation>Aucune étiquette nommée {name!r}.</translation>
    </message>
    <message>
      <source>A tag named {name!r} already exists.</source>
      <translation>Une étiquette nommée {name!r} existe déjà.</translation>
    </message>
    <message>
      <source>A list named {name!r} already exists.</source>
      <translation>Une liste nommée {name!r} existe déjà.</translation>
    </message>
    <message>
      <source>Unknown status {status!r}: use one of {choices}.</source>
      <translation>Statut inconnu {status!r} : utilisez l’un de {choices}.</translation>
    </message>
    <message>
      <source>Cannot sort by {column!r}.</source>
      <translation>Impossible de trier par {column!r}.</translation>
    </message>
    <message>
      <source>The email address is required.</source>
      <translation>L’adresse e-mail est obligatoire.</translation>
    </message>
    <message>
      <source>An attribute name cannot be empty.</source>
      <translation>Le nom d’un champ personnalisé ne peut pas être vide.</translation>
    </message>
    <message>
      <source>Cannot open the database ({database}): {reason}</source>
      <translation>Impossible d’ouvrir la base de données ({database}) : {reason}</translation>
    </message>
    <message>
      <source>Invalid database URL: {url!r}</source>
      <translation>Adresse de base de données invalide : {url!r}</translation>
    </message>
    <message>
      <source>Unsupported database {backend!r}: use SQLite or PostgreSQL.</source>
      <translation>Base de données non prise en charge {backend!r} : utilisez SQLite ou PostgreSQL.</translation>
    </message>
    <message>
      <source>Cannot create the database folder {folder}: {reason}</source>
      <translation>Impossible de créer le dossier de la base de données {folder} : {reason}</translation>
    </message>
    <message>
      <source>FACTEUR_RELAY_SECRET must be set, at least 16 characters long.</source>
      <translation>FACTEUR_RELAY_SECRET doit être défini, avec au moins 16 caractères.</translation>
    </message>
    <message>
      <source>FACTEUR_RELAY_API_KEY must be set, at least 16 characters long.</source>
      <translation>FACTEUR_RELAY_API_KEY doit être défini, avec au moins 16 caractères.</translation>
    </message>
    <message>
      <source>{name} must be a whole number, not {value!r}.</source>
      <translation>{name} doit être un nombre entier, pas {value!r}.</translation>
    </message>
    <message>
      <source>{name} must be a number, not {value!r}.</source>
      <translation>{name} doit être un nombre, pas {value!r}.</translation>
    </message>
    <message>
      <source>The relay database was written by a newer relay (schema {found}; this relay knows {known}). Update the relay.</source>
      <translation>La base du relais a été écrite par un relais plus récent (schéma {found} ; ce relais connaît le {known}). Mettez le relais à jour.</translation>
    </message>
    <message>
      <source>Give either --password-stdin or --api-key-stdin, not both.</source>
      <translation>Donnez --password-stdin ou --api-key-stdin, pas les deux.</translation>
    </message>
    <message>
      <source>SMTP accounts take a password: use --password-stdin.</source>
      <translation>Les comptes SMTP utilisent un mot de passe : utilisez --password-stdin.</translation>
    </message>
    <message>
      <source>API accounts take an API key: use --api-key-stdin.</source>
      <translation>Les comptes d’API utilisent une clé d’API : utilisez --api-key-stdin.</translation>
    </message>
    <message>
      <source>No {what} was read from standard input.</source>
      <translation>Rien n’a été lu sur l’entrée standard ({what}).</translation>
    </message>
    <message>
      <source>An API key is required for {kind} accounts.</source>
      <translation>Une clé d’API est obligatoire pour les comptes {kind}.</translation>
    </message>
    <message>
      <source>An account named {name!r} already exists.</source>
      <translation>Un compte d’envoi nommé {name!r} existe déjà.</translation>
    </message>
    <message>
      <source>Unknown kind of account {kind!r}.</source>
      <translation>Type de compte inconnu {kind!r}.</translation>
    </message>
    <message>
      <source>The {header} address is required.</source>
      <translation>L’adresse {header} est obligatoire.</translation>
    </message>
    <message>
      <source>The {header} address cannot hold a line break.</source>
      <translation>L’adresse {header} ne peut pas contenir de retour à la ligne.</translation>
    </message>
    <message>
      <source>{value!r} is not one address such as “Name &lt;name@example.com&gt;” ({header}).</source>
      <translation>{value!r} n’est pas une adresse unique comme « Nom &lt;nom@exemple.com&gt; » ({header}).</translation>
    </message>
    <message>
      <source>An account name cannot be empty.</source>
      <translation>Le nom d’un compte d’envoi ne peut pas être vide.</translation>
    </message>
    <message>
      <source>An account name is limited to {max_len} characters.</source>
      <translation>Le nom d’un compte d’envoi est limité à {max_len} caractères.</translation>
    </message>
    <message>
      <source>Unknown kind of account {kind!r}: use one of {choices}.</source>
      <translation>Type de compte inconnu {kind!r} : utilisez l’un de {choices}.</translation>
    </message>
    <message>
      <source>The rate per second must be more than 0 (or left empty for no limit).</source>
      <translation>Le débit par seconde doit être supérieur à 0 (ou laissé vide pour ne pas limiter).</translation>
    </message>
    <message>
      <source>The number of simultaneous connections must be between 1 and {max}.</source>
      <translation>Le nombre de connexions simultanées doit être compris entre 1 et {max}.</translation>
    </message>
    <message>
      <source>The SMTP server's host name is required.</source>
      <translation>Le nom du serveur SMTP est obligatoire.</translation>
    </message>
    <message>
      <source>{host!r} is not a host name: give the server's name only, such as smtp.example.com.</source>
      <translation>{host!r} n’est pas un nom de serveur : indiquez seulement le nom du serveur, comme smtp.exemple.com.</translation>
    </message>
    <message>
      <source>Unknown security {security!r}: use none, starttls or ssl.</source>
      <translation>Sécurité inconnue {security!r} : utilisez none, starttls ou ssl.</translation>
    </message>
    <message>
      <source>The port must be a number from 1 to 65535.</source>
      <translation>Le port doit être un nombre de 1 à 65535.</translation>
    </message>
    <message>
      <source>With security “none”, the user name and password would cross the network unencrypted. Choose starttls or ssl, or allow insecure authentication explicitly (only for a server on a trusted network).</source>
      <translation>Avec la sécurité « none », le nom d’utilisateur et le mot de passe circuleraient en clair sur le réseau. Choisissez starttls ou ssl, ou autorisez explicitement l’authentification non sécurisée (uniquement pour un serveur sur un réseau de confiance).</translation>
    </message>
    <message>
      <source>The password or API key cannot be empty.</source>
      <translation>Le mot de passe ou la clé d’API ne peut pas être vide.</translation>
    </message>
    <message>
      <source>A password is required with a user name.</source>
      <translation>Un mot de passe est obligatoire avec un nom d’utilisateur.</translation>
    </message>
    <message>
      <source>No account named {name!r}.</source>
      <translation>Aucun compte d’envoi nommé {name!r}.</translation>
    </message>
    <message>
      <source>The CA certificate file {path} does not exist.</source>
      <translation>Le fichier de certificat CA {path} n’existe pas.</translation>
    </message>
    <message>
      <source>Unknown policy {value!r} for messages in doubt: use “hold” or “resend”.</source>
      <translation>Règle inconnue {value!r} pour les messages à vérifier : utilisez « hold » ou « resend ».</translation>
    </message>
    <message>
      <source>The rate per hour must be a whole number of at least 1 (or left empty for no limit).</source>
      <translation>Le débit par heure doit être un nombre entier d’au moins 1 (ou laissé vide pour ne pas limiter).</translation>
    </message>
    <message>
      <source>The rate per day must be a whole number of at least 1 (or left empty for no limit).</source>
      <translation>Le débit par jour doit être un nombre entier d’au moins 1 (ou laissé vide pour ne pas limiter).</translation>
    </message>
    <message>
      <source>The {option} setting does not apply to {kind} accounts.</source>
      <translation>Le réglage {option} ne s’applique pas aux comptes {kind}.</translation>
    </message>
    <message>
      <source>Unknown Mailgun region {region!r}: use “eu” or “us”.</source>
      <translation>Région Mailgun inconnue {region!r} : utilisez « eu » ou « us ».</translation>
    </message>
    <message>
      <source>{domain!r} is not a domain name.</source>
      <translation>{domain!r} n’est pas un nom de domaine.</translation>
    </message>
    <message>
      <source>{stream!r} is not a Postmark message stream.</source>
      <translation>{stream!r} n’est pas un flux de messages Postmark.</translation>
    </message>
    <message>
      <source>{url!r} is not a web address such as https://api.example.com.</source>
      <translation>{url!r} n’est pas une adresse web comme https://api.exemple.com.</translation>
    </message>
    <message>
      <source>The address {url} is not encrypted (http): the API key would cross the network in clear. Use https, or allow insecure authentication explicitly.</source>
      <translation>L’adresse {url} n’est pas chiffrée (http) : la clé d’API circulerait en clair sur le réseau. Utilisez https, ou autorisez explicitement l’authentification non sécurisée.</translation>
    </message>
    <message>
      <source>An Amazon SES key is written ACCESS_KEY_ID:SECRET_ACCESS_KEY (the two parts separated by a colon).</source>
      <translation>Une clé Amazon SES s’écrit ACCESS_KEY_ID:SECRET_ACCESS_KEY (les deux parties séparées par un deux-points).</translation>
    </message>
    <message>
      <source>No sending account named {name!r}.</source>
      <translation>Aucun compte d’envoi nommé {name!r}.</translation>
    </message>
    <message>
      <source>A password was given without a user name.</source>
      <translation>Un mot de passe a été donné sans nom d’utilisateur.</translation>
    </message>
    <message>
      <source>The account {name!r} is used by the campaign(s) {campaigns}: delete them or choose another account for them first.</source>
      <translation>Le compte d’envoi {name!r} est utilisé par la ou les campagnes {campaigns} : supprimez-les ou choisissez-leur d’abord un autre compte.</translation>
    </message>
    <message>
      <source>The account {name!r} is used by the automations {users}: change them first.</source>
      <translation>Le compte d’envoi {name!r} est utilisé par la ou les automatisations {users} (règles ou séquences) : modifiez-les d’abord.</translation>
    </message>
    <message>
      <source>The account {name!r} still has {count} message(s) in the outbox and its history: it cannot be deleted.</source>
      <translation>Le compte d’envoi {name!r} a encore {count} message(s) dans la file d’envoi et l’historique : il ne peut pas être supprimé.</translation>
    </message>
    <message>
      <source>The password or API key of the account {name!r} is not in the {store}: enter it again in the account's settings.</source>
      <translation>Le mot de passe ou la clé d’API du compte {name!r} est introuvable ({store}) : saisissez-le à nouveau dans les réglages du compte.</translation>
    </message>
    <message>
      <source>{region!r} is not an AWS region such as eu-west-3.</source>
      <translation>{region!r} n’est pas une région AWS comme eu-west-3.</translation>
    </message>
    <message>
      <source>No campaign named {name!r}.</source>
      <translation>Aucune campagne nommée {name!r}.</translation>
    </message>
    <message>
      <source>Unknown message status {status!r}.</source>
      <translation>Statut de message inconnu {status!r}.</translation>
    </message>
    <message>
      <source>--at {value!r} is not an ISO 8601 date-time such as 2026-12-01T09:00+01:00.</source>
      <translation>--at {value!r} n’est pas une date et heure ISO 8601 comme 2026-12-01T09:00+01:00.</translation>
    </message>
    <message>
      <source>The send date must include a time zone.</source>
      <translation>La date d’envoi doit comporter un fuseau horaire.</translation>
    </message>
    <message>
      <source>No missed run with id {id}.</source>
      <translation>Aucun envoi manqué avec l’identifiant {id}.</translation>
    </message>
    <message>
      <source>The test message to {email} was not accepted: {reason}</source>
      <translation>Le message de test à {email} n’a pas été accepté : {reason}</translation>
    </message>
    <message>
      <source>Test message sent to {email}.</source>
      <translation>Message de test envoyé à {email}.</translation>
    </message>
    <message>
      <source>Choose a date-time or a recurring schedule for a campaign, not both.</source>
      <translation>Choisissez pour une campagne soit une date et une heure, soit une programmation récurrente, pas les deux.</translation>
    </message>
    <message>
      <source>A campaign named {name!r} already exists.</source>
      <translation>Une campagne nommée {name!r} existe déjà.</translation>
    </message>
    <message>
      <source>Campaign {name!r} has already started; it can no longer be changed.</source>
      <translation>La campagne {name!r} a déjà commencé ; elle ne peut plus être modifiée.</translation>
    </message>
    <message>
      <source>Campaign {name!r} is sending: pause or cancel it before deleting it.</source>
      <translation>La campagne {name!r} est en cours d’envoi : mettez-la en pause ou annulez-la avant de la supprimer.</translation>
    </message>
    <message>
      <source>Campaign {name!r} has already been started (status: {status}).</source>
      <translation>La campagne {name!r} a déjà été lancée (statut : {status}).</translation>
    </message>
    <message>
      <source>Campaign {name!r} cannot be sent: {problems}</source>
      <translation>La campagne {name!r} ne peut pas être envoyée : {problems}</translation>
    </message>
    <message>
      <source>Campaign {name!r} is {status}: resume it first.</source>
      <translation>La campagne {name!r} n’est pas active (statut : {status}) : reprenez-la d’abord.</translation>
    </message>
    <message>
      <source>Campaign {name!r} is not paused (status: {status}).</source>
      <translation>La campagne {name!r} n’est pas en pause (statut : {status}).</translation>
    </message>
    <message>
      <source>Campaign {name!r} is already finished (status: {status}).</source>
      <translation>La campagne {name!r} est déjà terminée (statut : {status}).</translation>
    </message>
    <message>
      <source>The account {name!r} has no password or API key stored: edit the account.</source>
      <translation>Le compte d’envoi {name!r} n’a ni mot de passe ni clé d’API enregistré : modifiez le compte.</translation>
    </message>
    <message>
      <source>Nobody would receive this campaign: the audience has no subscribed contact.</source>
      <translation>Personne ne recevrait cette campagne : aucun des destinataires choisis n’est un contact abonné.</translation>
    </message>
    <message>
      <source>Some contacts lack a value the template uses; it will be left empty for them.</source>
      <translation>Il manque à certains contacts une valeur utilisée par le modèle ; elle restera vide pour eux.</translation>
    </message>
    <message>
      <source>The template has neither an HTML nor a text body.</source>
      <translation>Le modèle n’a ni contenu HTML ni contenu texte.</translation>
    </message>
    <message>
      <source>The send date is in the past.</source>
      <translation>La date d’envoi est passée.</translation>
    </message>
    <message>
      <source>No contact with the address {email}.</source>
      <translation>Aucun contact avec l’adresse {email}.</translation>
    </message>
    <message>
      <source>Tracking is on but no relay is connected: links and opens will not be tracked.</source>
      <translation>Le suivi est activé mais aucun relais n’est connecté : les liens et les ouvertures ne seront pas suivis.</translation>
    </message>
    <message>
      <source>Campaign {name!r} is not sending (status: {status}).</source>
      <translation>La campagne {name!r} n’est pas en cours d’envoi (statut : {status}).</translation>
    </message>
    <message>
      <source>Interrupted while sending (Facteur stopped): it may or may not have been delivered.</source>
      <translation>Interrompu pendant l’envoi (Facteur s’est arrêté) : le message a peut-être été remis, peut-être pas.</translation>
    </message>
    <message>
      <source>Gave up after {attempts} attempts: {reason}</source>
      <translation>Abandon après {attempts} tentatives : {reason}</translation>
    </message>
    <message>
      <source>The contact was deleted before the message was sent.</source>
      <translation>Le contact a été supprimé avant l’envoi du message.</translation>
    </message>
    <message>
      <source>The template of this message was deleted before it was sent.</source>
      <translation>Le modèle de ce message a été supprimé avant son envoi.</translation>
    </message>
    <message>
      <source>Not sent: the contact is no longer subscribed ({status}).</source>
      <translation>Non envoyé : le contact n’est plus abonné ({status}).</translation>
    </message>
    <message>
      <source>Audience {item!r} is not understood: use list:NAME, tag:NAME, segment:NAME or all.</source>
      <translation>Destinataires {item!r} non reconnus : utilisez list:NOM, tag:NOM, segment:NOM ou all.</translation>
    </message>
    <message>
      <source>Choose at least one list, tag or segment to send to (or all contacts).</source>
      <translation>Choisissez au moins une liste, une étiquette ou un segment à qui envoyer (ou tous les contacts).</translation>
    </message>
    <message>
      <source>The secrets passphrase cannot be empty.</source>
      <translation>La phrase secrète ne peut pas être vide.</translation>
    </message>
    <message>
      <source>Cannot read the secrets file {path}: {reason}</source>
      <translation>Impossible de lire le fichier des secrets {path} : {reason}</translation>
    </message>
    <message>
      <source>The secrets file {path} is damaged or not a Facteur secrets file.</source>
      <translation>Le fichier des secrets {path} est endommagé, ou n’est pas un fichier de secrets de Facteur.</translation>
    </message>
    <message>
      <source>Cannot decrypt the secrets file {path}: the passphrase in {env} is not the one it was written with (or the file was altered).</source>
      <translation>Impossible de déchiffrer le fichier des secrets {path} : la phrase secrète de {env} n’est pas celle avec laquelle il a été écrit (ou le fichier a été modifié).</translation>
    </message>
    <message>
      <source>Cannot write the secrets file {path}: {reason}</source>
      <translation>Impossible d’écrire le fichier des secrets {path} : {reason}</translation>
    </message>
    <message>
      <source>The OS keyring could not be used: {reason}. Unlock it, or set {env}=file and {passphrase_env} to keep secrets in an encrypted file instead.</source>
      <translation>Le trousseau du système n’a pas pu être utilisé : {reason}. Déverrouillez-le, ou définissez {env}=file et {passphrase_env} pour conserver plutôt les secrets dans un fichier chiffré.</translation>
    </message>
    <message>
      <source>{env} must be 'keyring' or 'file', not {value!r}.</source>
      <translation>{env} doit valoir 'keyring' ou 'file', pas {value!r}.</translation>
    </message>
    <message>
      <source>{env}=file needs a passphrase: set the environment variable {passphrase_env} (secrets are kept in the encrypted file {path}).</source>
      <translation>{env}=file demande une phrase secrète : définissez la variable d’environnement {passphrase_env} (les secrets sont conservés dans le fichier chiffré {path}).</translation>
    </message>
    <message>
      <source>No OS keyring is available to keep account passwords and API keys. Set the environment variable {env} to a passphrase of your choice: secrets are then kept in the encrypted file {path}.</source>
      <translation>Aucun trousseau du système n’est disponible pour conserver les mots de passe et les clés d’API des comptes. Donnez à la variable d’environnement {env} une phrase secrète de votre choix : les secrets seront alors conservés dans le fichier chiffré {path}.</translation>
    </message>
    <message>
      <source>{env}=keyring, but no OS keyring is available here ({backend}).</source>
      <translation>{env}=keyring, mais aucun trousseau du système n’est disponible ici ({backend}).</translation>
    </message>
    <message>
      <source>{provider} answered HTTP {status} to the connection test: {reason}</source>
      <translation>{provider} a répondu HTTP {status} au test de connexion : {reason}</translation>
    </message>
    <message>
      <source>{provider} refused the API key (HTTP {status}): {reason}</source>
      <translation>{provider} a refusé la clé d’API (HTTP {status}) : {reason}</translation>
    </message>
    <message>
      <source>{provider} refuses to send for this account (HTTP {status}): {reason}</source>
      <translation>{provider} refuse d’envoyer pour ce compte (HTTP {status}) : {reason}</translation>
    </message>
    <message>
      <source>Cannot reach {provider} at {url}: {reason}</source>
      <translation>Impossible de joindre {provider} à l’adresse {url} : {reason}</translation>
    </message>
    <message>
      <source>{provider} did not answer: {reason}</source>
      <translation>{provider} n’a pas répondu : {reason}</translation>
    </message>
    <message>
      <source>Cannot use the CA certificate file {path}: {reason}</source>
      <translation>Impossible d’utiliser le fichier de certificat CA {path} : {reason}</translation>
    </message>
    <message>
      <source>Postmark refuses to send for this account (error {code}): {reason}</source>
      <translation>Postmark refuse d’envoyer pour ce compte (erreur {code}) : {reason}</translation>
    </message>
    <message>
      <source>The SendGrid API key is valid but may not send mail: give it the “Mail Send” permission.</source>
      <translation>La clé d’API SendGrid est valide mais n’a pas le droit d’envoyer des e-mails : donnez-lui l’autorisation « Mail Send ».</translation>
    </message>
    <message>
      <source>Amazon SES accepted the keys, but sending is disabled for this account (region {region}).</source>
      <translation>Amazon SES a accepté les clés, mais l’envoi est désactivé pour ce compte (région {region}).</translation>
    </message>
    <message>
      <source>Cannot connect to the mail server {host}:{port}: {reason}</source>
      <translation>Impossible de se connecter au serveur de messagerie {host}:{port} : {reason}</translation>
    </message>
    <message>
      <source>Unknown SMTP security {security!r}: expected none, starttls or ssl.</source>
      <translation>Sécurité SMTP inconnue {security!r} : none, starttls ou ssl attendu.</translation>
    </message>
    <message>
      <source>The mail server {host} requires authentication: {reply}</source>
      <translation>Le serveur de messagerie {host} exige une authentification : {reply}</translation>
    </message>
    <message>
      <source>The password for {username!r} would travel unencrypted to {host}: choose STARTTLS or SSL/TLS, or explicitly allow authentication without encryption.</source>
      <translation>Le mot de passe de {username!r} circulerait en clair jusqu’à {host} : choisissez STARTTLS ou SSL/TLS, ou autorisez explicitement l’authentification sans chiffrement.</translation>
    </message>
    <message>
      <source>The mail server {host} does not offer authentication on this connection: check the security setting, or leave the login empty.</source>
      <translation>Le serveur de messagerie {host} ne propose pas d’authentification sur cette connexion : vérifiez le réglage de sécurité, ou laissez l’identifiant vide.</translation>
    </message>
    <message>
      <source>The certificate of the mail server {host} is not trusted: {reason}.</source>
      <translation>Le certificat du serveur de messagerie {host} n’est pas reconnu comme fiable : {reason}.</translation>
    </message>
    <message>
      <source>The secure connection to the mail server {host}:{port} failed ({reason}): check the security setting (SSL/TLS or STARTTLS) for this port.</source>
      <translation>La connexion sécurisée au serveur de messagerie {host}:{port} a échoué ({reason}) : vérifiez le réglage de sécurité (SSL/TLS ou STARTTLS) pour ce port.</translation>
    </message>
    <message>
      <source>Cannot find the mail server {host!r}: {reason}.</source>
      <translation>Serveur de messagerie {host!r} introuvable : {reason}.</translation>
    </message>
    <message>
      <source>The mail server {host}:{port} refused the connection: nothing answers on that port.</source>
      <translation>Le serveur de messagerie {host}:{port} a refusé la connexion : rien ne répond sur ce port.</translation>
    </message>
    <message>
      <source>The mail server {host}:{port} did not answer within {seconds:g} seconds.</source>
      <translation>Le serveur de messagerie {host}:{port} n’a pas répondu dans un délai de {seconds:g} secondes.</translation>
    </message>
    <message>
      <source>The mail server {host}:{port} closed the connection: {reason}</source>
      <translation>Le serveur de messagerie {host}:{port} a fermé la connexion : {reason}</translation>
    </message>
    <message>
      <source>The mail server {host} refused the session: {reply}</source>
      <translation>Le serveur de messagerie {host} a refusé la session : {reply}</translation>
    </message>
    <message>
      <source>The mail server {host} does not offer STARTTLS, and Facteur never sends unencrypted instead: check the port and the security setting.</source>
      <translation>Le serveur de messagerie {host} ne propose pas STARTTLS, et Facteur n’envoie jamais en clair à la place : vérifiez le port et le réglage de sécurité.</translation>
    </message>
    <message>
      <source>The mail server {host} refused the login {username!r}: {reply}</source>
      <translation>Le serveur de messagerie {host} a refusé l’identifiant {username!r} : {reply}</translation>
    </message>
    <message>
      <source>The mail server {host} offers no authentication method Facteur supports ({methods}).</source>
      <translation>Le serveur de messagerie {host} ne propose aucune méthode d’authentification prise en charge par Facteur ({methods}).</translation>
    </message>
    <message>
      <source>The certificate of the mail server {host} is not valid for that name: {reason}.</source>
      <translation>Le certificat du serveur de messagerie {host} n’est pas valide pour ce nom : {reason}.</translation>
    </message>
    <message>
      <source>Cannot read the certificate authority file {path}: {reason}</source>
      <translation>Impossible de lire le fichier de l’autorité de certification {path} : {reason}</translation>
    </message>
    <message>
      <source>The mail server {host} cannot check the login right now: {reply}</source>
      <translation>Le serveur de messagerie {host} ne peut pas vérifier l’identifiant pour le moment : {reply}</translation>
    </message>
    <message>
      <source>Automations</source>
      <translation>Automatisations</translation>
    </message>
    <message>
      <source>The attachments total {size} MB: too large, as a message is limited to {limit} MB, which leaves room for about {room} MB of attachments once encoded for email.</source>
      <translation>Les pièces jointes totalisent {size} Mo : c’est trop, car un message est limité à {limit} Mo, ce qui laisse environ {room} Mo pour les pièces jointes une fois encodées pour l’e-mail.</translation>
    </message>
    <message>
      <source>The file {filename!r} ({size} MB) is too large: a message is limited to {limit} MB, which leaves room for about {room} MB of attachments once encoded for email.</source>
      <translation>Le fichier {filename!r} ({size} Mo) est trop volumineux : un message est limité à {limit} Mo, ce qui laisse environ {room} Mo pour les pièces jointes une fois encodées pour l’e-mail.</translation>
    </message>
    <message>
      <source>Cannot read the file {path}: {reason}</source>
      <translation>Impossible de lire le fichier {path} : {reason}</translation>
    </message>
    <message>
      <source>The template {name!r} has no attachment named {filename!r}.</source>
      <translation>Le modèle {name!r} n’a pas de pièce jointe nommée {filename!r}.</translation>
    </message>
    <message>
      <source>The file {path} is not UTF-8 text.</source>
      <translation>Le fichier {path} n’est pas du texte UTF-8.</translation>
    </message>
    <message>
      <source>The attachments take {size} MB once encoded for email, over the limit of {limit} MB per message.</source>
      <translation>Les pièces jointes occupent {size} Mo une fois encodées pour l’e-mail, au-delà de la limite de {limit} Mo par message.</translation>
    </message>
    <message>
      <source>The message to {email} would take {size} MB, over the limit of {limit} MB per message.</source>
      <translation>Le message à {email} occuperait {size} Mo, au-delà de la limite de {limit} Mo par message.</translation>
    </message>
    <message>
      <source>Syntax error in the subject, line {line}: {reason}</source>
      <translation>Erreur de syntaxe dans l’objet, ligne {line} : {reason}</translation>
    </message>
    <message>
      <source>Syntax error in the HTML body, line {line}: {reason}</source>
      <translation>Erreur de syntaxe dans le contenu HTML, ligne {line} : {reason}</translation>
    </message>
    <message>
      <source>Syntax error in the text body, line {line}: {reason}</source>
      <translation>Erreur de syntaxe dans le contenu texte, ligne {line} : {reason}</translation>
    </message>
    <message>
      <source>The subject cannot be rendered (line {line}): {reason}</source>
      <translation>Impossible de générer l’objet (ligne {line}) : {reason}</translation>
    </message>
    <message>
      <source>The HTML body cannot be rendered (line {line}): {reason}</source>
      <translation>Impossible de générer le contenu HTML (ligne {line}) : {reason}</translation>
    </message>
    <message>
      <source>The text body cannot be rendered (line {line}): {reason}</source>
      <translation>Impossible de générer le contenu texte (ligne {line}) : {reason}</translation>
    </message>
    <message>
      <source>The subject cannot be rendered: {reason}</source>
      <translation>Impossible de générer l’objet : {reason}</translation>
    </message>
    <message>
      <source>The HTML body cannot be rendered: {reason}</source>
      <translation>Impossible de générer le contenu HTML : {reason}</translation>
    </message>
    <message>
      <source>The text body cannot be rendered: {reason}</source>
      <translation>Impossible de générer le contenu texte : {reason}</translation>
    </message>
    <message>
      <source>include, extends and import are not available in templates</source>
      <translation>include, extends et import ne sont pas disponibles dans les modèles</translation>
    </message>
    <message>
      <source>A template named {name!r} already exists.</source>
      <translation>Un modèle nommé {name!r} existe déjà.</translation>
    </message>
    <message>
      <source>A template name cannot be empty.</source>
      <translation>Le nom d’un modèle ne peut pas être vide.</translation>
    </message>
    <message>
      <source>A template name is limited to {max_len} characters.</source>
      <translation>Le nom d’un modèle est limité à {max_len} caractères.</translation>
    </message>
    <message>
      <source>A template needs a subject.</source>
      <translation>Un modèle doit avoir un objet.</translation>
    </message>
    <message>
      <source>The Reply-To address {value!r} is not valid: {reason}</source>
      <translation>L’adresse de réponse (Reply-To) {value!r} n’est pas valide : {reason}</translation>
    </message>
    <message>
      <source>The template {name!r} is used by the campaigns {campaigns}: delete them or choose another template for them first.</source>
      <translation>Le modèle {name!r} est utilisé par la ou les campagnes {campaigns} : supprimez-les ou choisissez-leur d’abord un autre modèle.</translation>
    </message>
    <message>
      <source>The template {name!r} is used by the automations {users}: change them first.</source>
      <translation>Le modèle {name!r} est utilisé par la ou les automatisations {users} (règles ou séquences) : modifiez-les d’abord.</translation>
    </message>
    <message>
      <source>The From address {value!r} is not valid: {reason}</source>
      <translation>L’adresse d’expéditeur (From) {value!r} n’est pas valide : {reason}</translation>
    </message>
    <message>
      <source>The attachment {filename!r} is no longer stored: add the file again.</source>
      <translation>La pièce jointe {filename!r} n’est plus enregistrée : ajoutez à nouveau le fichier.</translation>
    </message>
    <message>
      <source>{name!r} is not a valid form name: use 1 to 64 lower-case letters, digits, '-' or '_' (it appears in the form's address /f/NAME).</source>
      <translation>{name!r} n’est pas un nom de formulaire valide : utilisez de 1 à 64 lettres minuscules, chiffres, « - » ou « _ » (il figure dans l’adresse du formulaire /f/NOM).</translation>
    </message>
    <message>
      <source>The {what} address must be a web address starting with https:// or http://, not {value!r}.</source>
      <translation>L’adresse {what} doit être une adresse web commençant par https:// ou http://, pas {value!r}.</translation>
    </message>
    <message>
      <source>A form has at most {limit} extra fields.</source>
      <translation>Un formulaire a au plus {limit} champs supplémentaires.</translation>
    </message>
    <message>
      <source>Several sending accounts exist ({accounts}): choose the one that sends this form's confirmation mail (--account).</source>
      <translation>Plusieurs comptes d’envoi existent ({accounts}) : choisissez celui qui envoie l’e-mail de confirmation de ce formulaire (--account).</translation>
    </message>
    <message>
      <source>The consent text is limited to {limit} characters.</source>
      <translation>Le texte de consentement est limité à {limit} caractères.</translation>
    </message>
    <message>
      <source>A form needs a consent text: what visitors agree to, kept as proof of consent.</source>
      <translation>Un formulaire a besoin d’un texte de consentement : ce que les visiteurs acceptent, conservé comme preuve du consentement.</translation>
    </message>
    <message>
      <source>No signup form named {name!r}.</source>
      <translation>Aucun formulaire d’inscription nommé {name!r}.</translation>
    </message>
    <message>
      <source>{name!r} is not a valid field name: use letters, digits and '_', starting with a letter (at most 64 characters).</source>
      <translation>{name!r} n’est pas un nom de champ valide : utilisez des lettres, des chiffres et « _ », en commençant par une lettre (64 caractères au plus).</translation>
    </message>
    <message>
      <source>{name!r} is a field every form already has (or one the relay uses): choose another name.</source>
      <translation>{name!r} est un champ que tout formulaire a déjà (ou que le relais utilise) : choisissez un autre nom.</translation>
    </message>
    <message>
      <source>A signup form named {name!r} already exists.</source>
      <translation>Un formulaire d’inscription nommé {name!r} existe déjà.</translation>
    </message>
    <message>
      <source>The relay at {url} answers (version {version}) and shares this secret.</source>
      <translation>Le relais {url} répond (version {version}) et partage ce secret.</translation>
    </message>
    <message>
      <source>The relay's address is required (https://...).</source>
      <translation>L’adresse du relais est obligatoire (https://...).</translation>
    </message>
    <message>
      <source>{url!r} is not a web address: give the relay's address, such as https://relay.example.com.</source>
      <translation>{url!r} n’est pas une adresse web : indiquez l’adresse du relais, par exemple https://relais.exemple.fr.</translation>
    </message>
    <message>
      <source>The relay must be reached over https (tracking links and unsubscribe pages are public): {url!r}.</source>
      <translation>Le relais doit être joint en https (les liens de suivi et les pages de désinscription sont publics) : {url!r}.</translation>
    </message>
    <message>
      <source>The relay's address cannot hold a query, a fragment or a login: {url!r}.</source>
      <translation>L’adresse du relais ne peut contenir ni paramètres, ni fragment, ni identifiant : {url!r}.</translation>
    </message>
    <message>
      <source>The relay's address cannot hold spaces or accented letters: {url!r}.</source>
      <translation>L’adresse du relais ne peut contenir ni espaces ni lettres accentuées : {url!r}.</translation>
    </message>
    <message>
      <source>The relay secret must be at least {min} characters long.</source>
      <translation>Le secret du relais doit comporter au moins {min} caractères.</translation>
    </message>
    <message>
      <source>The relay's API key is required.</source>
      <translation>La clé d’API du relais est obligatoire.</translation>
    </message>
    <message>
      <source>The relay's secret or API key is missing from the secret store: connect to the relay again.</source>
      <translation>Le secret ou la clé d’API du relais manque dans le coffre des secrets : connectez-vous de nouveau au relais.</translation>
    </message>
    <message>
      <source>{url!r} is not a valid web address.</source>
      <translation>{url!r} n’est pas une adresse web valide.</translation>
    </message>
    <message>
      <source>The relay secret and API key cannot hold spaces at their ends or line breaks.</source>
      <translation>Le secret et la clé d’API du relais ne peuvent contenir ni espaces au début ou à la fin, ni sauts de ligne.</translation>
    </message>
    <message>
      <source>The relay at {url} uses another secret: the secret given must be the relay's FACTEUR_RELAY_SECRET.</source>
      <translation>Le relais {url} utilise un autre secret : le secret indiqué doit être le FACTEUR_RELAY_SECRET du relais.</translation>
    </message>
    <message>
      <source>The relay at {url} refused the API key: check that it is the relay's FACTEUR_RELAY_API_KEY.</source>
      <translation>Le relais {url} a refusé la clé d’API : vérifiez qu’il s’agit bien du FACTEUR_RELAY_API_KEY du relais.</translation>
    </message>
    <message>
      <source>{url} did not answer like a Facteur relay (HTTP {status}): check the address.</source>
      <translation>{url} n’a pas répondu comme un relais Facteur (HTTP {status}) : vérifiez l’adresse.</translation>
    </message>
    <message>
      <source>The relay at {url} did not answer within {seconds} seconds.</source>
      <translation>Le relais {url} n’a pas répondu dans les {seconds} secondes.</translation>
    </message>
    <message>
      <source>Could not reach the relay at {url}: {reason}</source>
      <translation>Impossible de joindre le relais {url} : {reason}</translation>
    </message>
    <message>
      <source>No relay is connected: use “facteur relay connect”.</source>
      <translation>Aucun relais n’est connecté : utilisez « facteur relay connect ».</translation>
    </message>
    <message>
      <source>The relay at {url} refused the request (HTTP {status}): {detail}</source>
      <translation>Le relais {url} a refusé la requête (HTTP {status}) : {detail}</translation>
    </message>
    <message>
      <source>An event from the relay is not an object.</source>
      <translation>Un événement venu du relais n’est pas un objet.</translation>
    </message>
    <message>
      <source>An event from the relay has no valid id.</source>
      <translation>Un événement venu du relais n’a pas d’identifiant valide.</translation>
    </message>
    <message>
      <source>Unknown kind of event {kind!r}.</source>
      <translation>Type d’événement inconnu {kind!r}.</translation>
    </message>
    <message>
      <source>The relay at {url} did not answer in time.</source>
      <translation>Le relais {url} n’a pas répondu à temps.</translation>
    </message>
    <message>
      <source>The relay at {url} refused the API key (HTTP {status}): connect to it again with its FACTEUR_RELAY_API_KEY.</source>
      <translation>Le relais {url} a refusé la clé d’API (HTTP {status}) : connectez-vous de nouveau avec son FACTEUR_RELAY_API_KEY.</translation>
    </message>
    <message>
      <source>The relay at {url} is unavailable (HTTP {status}); Facteur will try again.</source>
      <translation>Le relais {url} est indisponible (HTTP {status}) ; Facteur réessaiera.</translation>
    </message>
    <message>
      <source>{url} did not answer like a Facteur relay: check its address.</source>
      <translation>{url} n’a pas répondu comme un relais Facteur : vérifiez son adresse.</translation>
    </message>
    <message>
      <source>No relay is connected: use “facteur relay connect URL …” first.</source>
      <translation>Aucun relais n’est connecté : utilisez d’abord « facteur relay connect URL … ».</translation>
    </message>
    <message>
      <source>The relay secret must be at least 16 characters long.</source>
      <translation>Le secret du relais doit comporter au moins 16 caractères.</translation>
    </message>
    <message>
      <source>Invalid link.</source>
      <translation>Lien non valide.</translation>
    </message>
  </context>
</TS>
