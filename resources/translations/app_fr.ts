<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
  <context>
    <name>app</name>
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
      <source>No list named {name!r}.</source>
      <translation>Aucune liste nommée {name!r}.</translation>
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
      <source>No contact {contact!r}.</source>
      <translation>Aucun contact {contact!r}.</translation>
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
  </context>
</TS>
