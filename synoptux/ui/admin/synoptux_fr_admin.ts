<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<!-- Admin menus (issue 6): merge into resources/translations/synoptux_fr.ts -->
<context>
    <name>Admin</name>
    <message>
        <source>Triage levels…</source>
        <translation>Niveaux de tri…</translation>
    </message>
    <message>
        <source>Triage levels</source>
        <translation>Niveaux de tri</translation>
    </message>
    <message>
        <source>New triage level</source>
        <translation>Nouveau niveau de tri</translation>
    </message>
    <message>
        <source>Edit triage level</source>
        <translation>Modifier le niveau de tri</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>sans délai cible</translation>
    </message>
    <message>
        <source>Target delay to the first medical contact</source>
        <translation>Délai cible avant le premier contact médical</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Ordre</translation>
    </message>
    <message>
        <source>Load the FRENCH scale</source>
        <translation>Charger l'échelle FRENCH</translation>
    </message>
    <message>
        <source>Load the CCMU scale</source>
        <translation>Charger l'échelle CCMU</translation>
    </message>
    <message>
        <source> · within {n} min</source>
        <translation> · sous {n} min</translation>
    </message>
    <message>
        <source> · no target</source>
        <translation> · sans délai cible</translation>
    </message>
    <message>
        <source>{count} patient(s) on the board have the triage level {what}: give them another level first.</source>
        <translation>{count} patient(s) du tableau ont le niveau de tri {what} : donnez-leur d'abord un autre niveau.</translation>
    </message>
    <message>
        <source>Orphan tasks…</source>
        <translation>Tâches orphelines…</translation>
    </message>
    <message>
        <source>Orphan tasks</source>
        <translation>Tâches orphelines</translation>
    </message>
    <message>
        <source>no state</source>
        <translation>sans état</translation>
    </message>
    <message>
        <source>{task} (patient #{pk} gone, task {id})</source>
        <translation>{task} (patient n°{pk} disparu, tâche {id})</translation>
    </message>
    <message>
        <source>These tasks belong to patients who are no longer on the board (2.x deleted the patients and left their tasks). They are not shown on the wall. Give a task to a patient on the board, or archive it.</source>
        <translation>Ces tâches appartiennent à des patients qui ne sont plus sur le tableau (la 2.x supprimait les patients et laissait leurs tâches). Elles ne sont pas affichées sur le mur. Donnez une tâche à un patient du tableau, ou archivez-la.</translation>
    </message>
    <message>
        <source>No orphan task.</source>
        <translation>Aucune tâche orpheline.</translation>
    </message>
    <message>
        <source>Attach to this patient</source>
        <translation>Rattacher à ce patient</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archiver</translation>
    </message>
    <message>
        <source>Patients on the board</source>
        <translation>Patients du tableau</translation>
    </message>
    <message>
        <source>The state {what} already has the label {label}: two states cannot share a label.</source>
        <translation>L'état {what} porte déjà le libellé {label} : deux états ne peuvent pas partager un libellé.</translation>
    </message>
    <message>
        <source>2.x database — read only, run synoptux upgrade</source>
        <translation>base 2.x — lecture seule, lancer synoptux upgrade</translation>
    </message>
    <message>
        <source>Boxes…</source>
        <translation>Box…</translation>
    </message>
    <message>
        <source>States…</source>
        <translation>États…</translation>
    </message>
    <message>
        <source>Tasks…</source>
        <translation>Tâches…</translation>
    </message>
    <message>
        <source>Responsibles…</source>
        <translation>Responsables…</translation>
    </message>
    <message>
        <source>Exit destinations…</source>
        <translation>Destinations de sortie…</translation>
    </message>
    <message>
        <source>Absence destinations…</source>
        <translation>Destinations d'absence…</translation>
    </message>
    <message>
        <source>Settings (ini)…</source>
        <translation>Paramétrages (ini)…</translation>
    </message>
    <message>
        <source>Style (css)…</source>
        <translation>Mise en forme (css)…</translation>
    </message>
    <message>
        <source>Change admin PIN…</source>
        <translation>Changer le code d'administration…</translation>
    </message>
    <message>
        <source>Waiting (Attente)</source>
        <translation>Attente</translation>
    </message>
    <message>
        <source>Care (Soins)</source>
        <translation>Soins</translation>
    </message>
    <message>
        <source>Temporary absence (Absence)</source>
        <translation>Absence provisoire</translation>
    </message>
    <message>
        <source>Exit (Sortie)</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Libellé</translation>
    </message>
    <message>
        <source>Background colour</source>
        <translation>Couleur de fond</translation>
    </message>
    <message>
        <source>Title colour</source>
        <translation>Couleur du titre</translation>
    </message>
    <message>
        <source>Places</source>
        <translation>Nombre de places</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Déplacer</translation>
    </message>
    <message>
        <source>To box</source>
        <translation>Vers le box</translation>
    </message>
    <message>
        <source>Boxes</source>
        <translation>Box</translation>
    </message>
    <message>
        <source>Move patients…</source>
        <translation>Déplacer les patients…</translation>
    </message>
    <message>
        <source>New box</source>
        <translation>Nouveau box</translation>
    </message>
    <message>
        <source>Edit box</source>
        <translation>Modifier le box</translation>
    </message>
    <message>
        <source>Move the patients of box {code}</source>
        <translation>Déplacer les patients du box {code}</translation>
    </message>
    <message>
        <source>Choose the box that takes them.</source>
        <translation>Choisir le box qui les accueille.</translation>
    </message>
    <message>
        <source>{code} — {label} · {type} · {n} place(s)</source>
        <translation>{code} — {label} · {type} · {n} place(s)</translation>
    </message>
    <message>
        <source>Style (synoptux.css)</source>
        <translation>Mise en forme (synoptux.css)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Last saved</source>
        <translation>Dernière version enregistrée</translation>
    </message>
    <message>
        <source>Shipped default</source>
        <translation>Style d'origine</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Close without saving? The board goes back to the saved style.</source>
        <translation>Fermer sans enregistrer ? Le synoptique reprend le style enregistré.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Abandonner</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <source>Qt style-sheet warnings:</source>
        <translation>Avertissements de Qt sur la feuille de style :</translation>
    </message>
    <message>
        <source>Modified, not saved.</source>
        <translation>Modifié, non enregistré.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
    <message>
        <source>No warning.</source>
        <translation>Aucun avertissement.</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>Fichier : {path}</translation>
    </message>
    <message>
        <source>Not saved: {why}</source>
        <translation>Non enregistré : {why}</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>New destination</source>
        <translation>Nouvelle destination</translation>
    </message>
    <message>
        <source>Edit destination</source>
        <translation>Modifier la destination</translation>
    </message>
    <message>
        <source>Exit destinations</source>
        <translation>Destinations de sortie</translation>
    </message>
    <message>
        <source>Absence destinations</source>
        <translation>Destinations d'absence</translation>
    </message>
    <message>
        <source>Saved and applied.</source>
        <translation>Enregistré et appliqué.</translation>
    </message>
    <message>
        <source>Settings (synoptux.ini)</source>
        <translation>Paramétrages (synoptux.ini)</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Formulaire</translation>
    </message>
    <message>
        <source>Raw text</source>
        <translation>Texte brut</translation>
    </message>
    <message>
        <source>expected</source>
        <translation>attendu</translation>
    </message>
    <message>
        <source>Takes effect after a restart.</source>
        <translation>Pris en compte après un redémarrage.</translation>
    </message>
    <message>
        <source>Not saved:</source>
        <translation>Non enregistré :</translation>
    </message>
    <message>
        <source>Restart Synoptux for these changes to take effect: {keys}.</source>
        <translation>Redémarrer Synoptux pour que ces changements soient pris en compte : {keys}.</translation>
    </message>
    <message>
        <source>The database cannot be reached: nothing was changed. Try again.</source>
        <translation>La base de données est injoignable : rien n'a été modifié. Réessayer.</translation>
    </message>
    <message>
        <source>Another program is writing there right now: nothing was changed. Try again.</source>
        <translation>Un autre programme y écrit en ce moment : rien n'a été modifié. Réessayer.</translation>
    </message>
    <message>
        <source>The action failed and nothing was changed. The error was logged.</source>
        <translation>L'action a échoué et rien n'a été modifié. L'erreur a été journalisée.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Valider</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Change the admin PIN</source>
        <translation>Changer le code d'administration</translation>
    </message>
    <message>
        <source>Set the admin PIN</source>
        <translation>Choisir le code d'administration</translation>
    </message>
    <message>
        <source>Admin PIN</source>
        <translation>Code d'administration</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Code erroné.</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>Code actuel</translation>
    </message>
    <message>
        <source>New PIN (4 to 12 digits)</source>
        <translation>Nouveau code (4 à 12 chiffres)</translation>
    </message>
    <message>
        <source>Same PIN again</source>
        <translation>Le même code, à nouveau</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>Les deux codes diffèrent.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>MedinTux user GUID (optional)</source>
        <translation>GUID de l'utilisateur MedinTux (facultatif)</translation>
    </message>
    <message>
        <source>Code (MedinTux login)</source>
        <translation>Code (login MedinTux)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Couleur</translation>
    </message>
    <message>
        <source>MedinTux GUID</source>
        <translation>GUID MedinTux</translation>
    </message>
    <message>
        <source>Responsibles</source>
        <translation>Responsables</translation>
    </message>
    <message>
        <source>Import from MedinTux</source>
        <translation>Importer de MedinTux</translation>
    </message>
    <message>
        <source>New responsible</source>
        <translation>Nouveau responsable</translation>
    </message>
    <message>
        <source>Edit responsible</source>
        <translation>Modifier le responsable</translation>
    </message>
    <message>
        <source>{added} added, {updated} updated, {skipped} skipped.</source>
        <translation>{added} ajouté(s), {updated} mis à jour, {skipped} ignoré(s).</translation>
    </message>
    <message>
        <source>This state ends the task</source>
        <translation>Cet état termine la tâche</translation>
    </message>
    <message>
        <source>Code (sets the order)</source>
        <translation>Code (fixe l'ordre)</translation>
    </message>
    <message>
        <source>States</source>
        <translation>États</translation>
    </message>
    <message>
        <source>New state</source>
        <translation>Nouvel état</translation>
    </message>
    <message>
        <source>Edit state</source>
        <translation>Modifier l'état</translation>
    </message>
    <message>
        <source> · ends the task</source>
        <translation> · termine la tâche</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nouveau</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Conserver</translation>
    </message>
    <message>
        <source>Delete {what}?</source>
        <translation>Supprimer {what} ?</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>none (a whole number: 1 comes first)</source>
        <translation>aucune (un nombre entier : 1 passe en premier)</translation>
    </message>
    <message>
        <source>Buttons: one button per state</source>
        <translation>Boutons : un bouton par état</translation>
    </message>
    <message>
        <source>Menu: one button, states in a menu</source>
        <translation>Menu : un bouton, les états dans un menu</translation>
    </message>
    <message>
        <source>Alarm colour (late)</source>
        <translation>Couleur d'alarme (retard)</translation>
    </message>
    <message>
        <source>Maximum duration</source>
        <translation>Durée maximum</translation>
    </message>
    <message>
        <source>Default priority</source>
        <translation>Priorité par défaut</translation>
    </message>
    <message>
        <source>Default comment</source>
        <translation>Commentaire par défaut</translation>
    </message>
    <message>
        <source>Shown as</source>
        <translation>Affichage</translation>
    </message>
    <message>
        <source>Allowed states (none: all)</source>
        <translation>États possibles (aucun : tous)</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tâches</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>Nouvelle tâche</translation>
    </message>
    <message>
        <source>Edit task</source>
        <translation>Modifier la tâche</translation>
    </message>
    <message>
        <source>menu</source>
        <translation>menu</translation>
    </message>
    <message>
        <source>buttons</source>
        <translation>boutons</translation>
    </message>
    <message>
        <source> · {n} min</source>
        <translation> · {n} min</translation>
    </message>
    <message>
        <source>The code {what} already exists.</source>
        <translation>Le code {what} existe déjà.</translation>
    </message>
    <message>
        <source>{what} is in use on the board ({count}): it cannot be renamed. Create a new one instead.</source>
        <translation>{what} est utilisé sur le synoptique ({count}) : son code ne peut pas changer. En créer un nouveau.</translation>
    </message>
    <message>
        <source>{what} no longer exists (deleted from another screen?).</source>
        <translation>{what} n'existe plus (supprimé depuis un autre poste ?).</translation>
    </message>
    <message>
        <source>Box {what} holds {count} patient(s). Move them to another box first.</source>
        <translation>Le box {what} contient {count} patient(s). Les déplacer d'abord vers un autre box.</translation>
    </message>
    <message>
        <source>Box {what} receives the entries that name no box (Code_Box_Par_Defaut in the settings): choose another default box first.</source>
        <translation>Le box {what} reçoit les entrées qui ne précisent pas de box (Code_Box_Par_Defaut dans les paramétrages) : choisir d'abord un autre box par défaut.</translation>
    </message>
    <message>
        <source>Box {box} has room for {free} patient(s), not {count}.</source>
        <translation>Le box {box} a de la place pour {free} patient(s), pas pour {count}.</translation>
    </message>
    <message>
        <source>Unknown box {box}.</source>
        <translation>Box {box} inconnu.</translation>
    </message>
    <message>
        <source>{count} task(s) on the board are in state {what}: it cannot be deleted.</source>
        <translation>{count} tâche(s) du synoptique sont dans l'état {what} : il ne peut pas être supprimé.</translation>
    </message>
    <message>
        <source>{count} task(s) on the board are in state {label}: its label cannot change.</source>
        <translation>{count} tâche(s) du synoptique sont dans l'état {label} : son libellé ne peut pas changer.</translation>
    </message>
    <message>
        <source>{count} open task(s) of type {what} are on the board: it cannot be deleted.</source>
        <translation>{count} tâche(s) {what} en cours sur le synoptique : elle ne peut pas être supprimée.</translation>
    </message>
    <message>
        <source>{what} is the responsible of {count} patient(s) on the board: choose another responsible for them first.</source>
        <translation>{what} est responsable de {count} patient(s) du synoptique : leur choisir d'abord un autre responsable.</translation>
    </message>
    <message>
        <source>The MedinTux connection is not set ([Connexion_MedinTux] in the settings).</source>
        <translation>La connexion à MedinTux n'est pas paramétrée ([Connexion_MedinTux] dans les paramétrages).</translation>
    </message>
    <message>
        <source>The MedinTux database has no usable Personnes table.</source>
        <translation>La base MedinTux n'a pas de table Personnes utilisable.</translation>
    </message>
    <message>
        <source>The PIN must be {min} to {max} digits.</source>
        <translation>Le code doit avoir de {min} à {max} chiffres.</translation>
    </message>
    <message>
        <source>The current PIN is wrong.</source>
        <translation>Le code actuel est erroné.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: wait {seconds} s.</source>
        <translation>Trop de codes erronés : attendre {seconds} s.</translation>
    </message>
    <message>
        <source>An admin PIN is already set.</source>
        <translation>Un code d'administration existe déjà.</translation>
    </message>
    <message>
        <source>Pick…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>{field}: this cannot be empty.</source>
        <translation>{field} : ne peut pas être vide.</translation>
    </message>
    <message>
        <source>{field}: this is too long.</source>
        <translation>{field} : trop long.</translation>
    </message>
    <message>
        <source>{field}: {value} is not a colour; write it as #rrggbb or pick one.</source>
        <translation>{field} : {value} n'est pas une couleur ; l'écrire sous la forme #rrggbb ou en choisir une.</translation>
    </message>
    <message>
        <source>{field}: the value must be at least {min}.</source>
        <translation>{field} : la valeur doit être au moins {min}.</translation>
    </message>
    <message>
        <source>{field}: choose one of the values offered.</source>
        <translation>{field} : choisir une des valeurs proposées.</translation>
    </message>
    <message>
        <source>{field}: {value} is not a whole number.</source>
        <translation>{field} : {value} n'est pas un nombre entier.</translation>
    </message>
    <message>
        <source>{field}: unknown state(s) {states}.</source>
        <translation>{field} : état(s) inconnu(s) {states}.</translation>
    </message>
    <message>
        <source>{field}: {message}</source>
        <translation>{field} : {message}</translation>
    </message>
    <message>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <source>label</source>
        <translation>libellé</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>couleur</translation>
    </message>
    <message>
        <source>background colour</source>
        <translation>couleur de fond</translation>
    </message>
    <message>
        <source>title colour</source>
        <translation>couleur du titre</translation>
    </message>
    <message>
        <source>alarm colour</source>
        <translation>couleur d'alarme</translation>
    </message>
    <message>
        <source>capacity</source>
        <translation>nombre de places</translation>
    </message>
    <message>
        <source>type</source>
        <translation>type</translation>
    </message>
    <message>
        <source>maximum duration</source>
        <translation>durée maximum</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>priorité</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>commentaire</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>affichage</translation>
    </message>
    <message>
        <source>allowed states</source>
        <translation>états possibles</translation>
    </message>
    <message>
        <source>GUID</source>
        <translation>GUID</translation>
    </message>
    <message>
        <source>Close Synoptux on this screen? The board stops showing the patients.</source>
        <translation>Fermer Synoptux sur cet écran ? Le tableau n'affichera plus les patients.</translation>
    </message>
    <message>
        <source>Close the board</source>
        <translation>Fermer le tableau</translation>
    </message>
    <message>
        <source>Close without saving? Your changes will be lost.</source>
        <translation>Fermer sans enregistrer ? Vos modifications seront perdues.</translation>
    </message>
    <message>
        <source>It has no rule for these states of the shipped style: {names}.</source>
        <translation>Elle n'a pas de règle pour ces états du style livré : {names}.</translation>
    </message>
    <message>
        <source>Not saved: the board would lose its style.</source>
        <translation>Non enregistré : le tableau perdrait sa mise en forme.</translation>
    </message>
    <message>
        <source>Qt cannot read this style sheet.</source>
        <translation>Qt ne peut pas lire cette feuille de style.</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Clé de secours</translation>
    </message>
    <message>
        <source>Recovery key (16 digits)</source>
        <translation>Clé de secours (16 chiffres)</translation>
    </message>
    <message>
        <source>Recovery key…</source>
        <translation>Clé de secours…</translation>
    </message>
    <message>
        <source>Save this style sheet? Every board using {path} takes it.</source>
        <translation>Enregistrer cette feuille de style ? Tout tableau qui utilise {path} la prend.</translation>
    </message>
    <message>
        <source>The admin PIN of this site was removed from the database. Type the site's recovery key and a new PIN, or set one on the server with 'synoptux admin-pin --reset'.</source>
        <translation>Le code administrateur de ce site a été supprimé de la base. Saisissez la clé de secours du site et un nouveau code, ou définissez-en un sur le serveur avec « synoptux admin-pin --reset ».</translation>
    </message>
    <message>
        <source>This style sheet sets no colour: the board would lose its colours (late marks, responsibles, boxes).</source>
        <translation>Cette feuille de style ne définit aucune couleur : le tableau perdrait ses couleurs (retards, responsables, box).</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>Valider</translation>
    </message>
    <message>
        <source>line {line}: Qt cannot read the rule {rule}</source>
        <translation>ligne {line} : Qt ne peut pas lire la règle {rule}</translation>
    </message>
    <message>
        <source>line {line}: text outside any rule: {text}</source>
        <translation>ligne {line} : texte hors de toute règle : {text}</translation>
    </message>
    <message>
        <source>line {line}: the rule {rule} is not closed by '}}'</source>
        <translation>ligne {line} : la règle {rule} n'est pas fermée par « }} »</translation>
    </message>
    <message>
        <source>line {line}: this '}}' closes no rule</source>
        <translation>ligne {line} : ce « }} » ne ferme aucune règle</translation>
    </message>
    <message>
        <source>The admin PIN of this site was removed from the database: set a new one with the recovery key, or on the server with 'synoptux admin-pin --reset'.</source>
        <translation>Le code administrateur de ce site a été supprimé de la base : définissez-en un nouveau avec la clé de secours, ou sur le serveur avec « synoptux admin-pin --reset ».</translation>
    </message>
    <message>
        <source>The recovery key is wrong.</source>
        <translation>La clé de secours est fausse.</translation>
    </message>
    <message>
        <source>This screen has no recovery key (Cle_Secours_Admin): set a new PIN on the server with 'synoptux admin-pin --reset'.</source>
        <translation>Cet écran n'a pas de clé de secours (Cle_Secours_Admin) : définissez un nouveau code sur le serveur avec « synoptux admin-pin --reset ».</translation>
    </message>
    <message>
        <source>The database does not answer: nothing was changed. Try again.</source>
        <translation>La base de données ne répond pas : rien n'a été modifié. Réessayer.</translation>
    </message>
    <message>
        <source>The database answered late: the change was saved after all (the screen had said it was not done).</source>
        <translation>La base de données a répondu en retard : la modification a bien été enregistrée (l'écran avait dit qu'elle n'était pas faite).</translation>
    </message>
</context>
</TS>
