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
      <source>Some of these contacts were added by someone else while the file was being imported; nothing was imported. Import the file again.</source>
      <translation>Certains de ces contacts ont été ajoutés par quelqu’un d’autre pendant l’import ; rien n’a été importé. Importez le fichier à nouveau.</translation>
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
