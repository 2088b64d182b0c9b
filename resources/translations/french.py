"""French texts of the board's own strings (source language: English)."""

FRENCH: dict[str, str] = {
    "2.x database — read only, run synoptux upgrade": "base 2.x — lecture seule, lancer synoptux upgrade",
    "Delete": "Supprimer",
    "Final exit": "Sortie définitive",
    "The action failed and nothing was changed. The error was logged.": "L'action a échoué et rien n'a été modifié. L'erreur a été journalisée.",
    "Delete the task {task}?": "Supprimer la tâche {task} ?",
    "The history window is not available in this version.": "La fenêtre d'historique n'est pas disponible dans cette version.",
    "The program {prog} cannot be found. Check the path written with the patient's entry.": "Le programme {prog} est introuvable. Vérifiez le chemin indiqué à l'entrée du patient.",
    "The program {prog} could not be started.": "Le programme {prog} n'a pas pu être lancé.",
    "Final exit of {name}? The patient leaves the board.": "Sortie définitive de {name} ? Le patient quitte le tableau.",
    "The note file {file} cannot be found.": "Le fichier de note {file} est introuvable.",
    "No program opens {file}.": "Aucun programme n'ouvre {file}.",
    "The program {prog} cannot be found. Check the path written with the task.": "Le programme {prog} est introuvable. Vérifiez le chemin indiqué avec la tâche.",
    "The MedinTux note cannot be shown: {why}": "La note MedinTux ne peut pas être affichée : {why}",
    "Tap here to move the selected patient into this box": "Touchez ici pour déplacer le patient choisi dans ce box",
    "Cancel": "Annuler",
    "Save": "Enregistrer",
    "Comment for {name}": "Commentaire pour {name}",
    "Please confirm": "Confirmation",
    "OK": "OK",
    "Yes": "Oui",
    "Information": "Information",
    "Other destination (type, then Validate)": "Autre destination (saisir, puis Valider)",
    "No destination": "Sans destination",
    "Validate": "Valider",
    "Move to {box}: choose the destination": "Vers {box} : choisissez la destination",
    "Files": "Fichiers",
    "Windows": "Fenêtres",
    "Responsible": "Responsable",
    "Help": "Aide",
    "Refresh the board": "Rafraîchir le tableau",
    "Quit": "Quitter",
    "Window mode (move and resize boxes)": "Mode fenêtre (déplacer et redimensionner les box)",
    "Frame mode (fixed)": "Mode cadre (fixe)",
    "Save positions": "Enregistrer les positions",
    "Arrange as a grid": "Disposer en grille",
    "Privacy mode (initials only, no comments)": "Mode confidentiel (initiales seules, sans commentaires)",
    "Full screen": "Plein écran",
    "All": "Tous",
    "About Synoptux": "À propos de Synoptux",
    "There is no synoptux.ini to save the positions to.": "Il n'y a pas de fichier synoptux.ini où enregistrer les positions.",
    "Synoptux {v}: the emergency department board.": "Synoptux {v} : le tableau des urgences.",
    "Moving {name}: tap the title of the destination box (tap here to cancel)": "Déplacement de {name} : touchez le titre du box de destination (touchez ici pour "
    "annuler)",
    "Connection lost since {t}: the board may be out of date": "Connexion perdue depuis {t} : le tableau n'est peut-être plus à jour",
    "Only the patients of {name} \u2014 tap to show all": "Seulement les patients de {name} \u2014 touchez pour tout afficher",
    "The positions could not be saved: {why}": "Les positions n'ont pas pu être enregistrées : {why}",
    "The database is unreachable: nothing was changed. Try again in a moment.": "Base de données injoignable : rien n'a été modifié. Réessayez dans un instant.",
    "This patient is no longer on the board (another screen may have moved him out). "
    "The board has been refreshed.": "Ce patient n'est plus sur le tableau (un autre écran l'a peut-être sorti). "
    "Le tableau a été rafraîchi.",
    "This task no longer exists. The board has been refreshed.": "Cette tâche n'existe plus. Le tableau a été rafraîchi.",
    "This box no longer exists. The board has been refreshed.": "Ce box n'existe plus. Le tableau a été rafraîchi.",
    "The patient is already in this box.": "Le patient est déjà dans ce box.",
    "This state no longer exists. The board has been refreshed.": "Cet état n'existe plus. Le tableau a été rafraîchi.",
    "This state is not allowed for this task.": "Cet état n'est pas permis pour cette tâche.",
    "This responsible no longer exists. The board has been refreshed.": "Ce responsable n'existe plus. Le tableau a été rafraîchi.",
    "late {m} min": "retard {m} min",
    "This box is full ({present}/{capacity}). Nothing was changed.": "Ce box est plein ({present}/{capacity}). Rien n'a été modifié.",
    "start +{m} min": "début +{m} min",
    "Final exit removes the patient from the board; the stay is kept in the archive for "
    "statistics.": "La sortie définitive retire le patient du tableau ; le séjour est conservé dans "
    "l'archive pour les statistiques.",
    "Move to a box": "Déplacer vers un box",
    "{name} has left": "{name} est sorti",
    "Touch anywhere to close": "Touchez n'importe où pour fermer",
    "Move": "Déplacer",
    "History": "Historique",
    "Open the patient's file": "Ouvrir le dossier du patient",
    "Tap to show or hide the name": "Touchez pour afficher ou masquer le nom",
    "Entry time": "Heure d'entrée",
    "Tap to edit the comment": "Touchez pour modifier le commentaire",
    "Show the tasks": "Déplier les tâches",
    "Hide the tasks": "Replier les tâches",
    "Exit time": "Heure de sortie",
    "Time of the last move": "Heure du dernier déplacement",
    "Responsible?": "Responsable ?",
    "out {t}": "sorti {t}",
    "Statistics": "Statistiques",
    "{n} entry file(s) in error \u2014 tap to see": "{n} fichier(s) d'entrée en erreur \u2014 touchez pour voir",
    "The list of entry files in error is not available.": "La liste des fichiers d'entrée en erreur n'est pas disponible.",
    "The statistics window is not available.": "La fenêtre des statistiques n'est pas disponible.",
    "Choose the responsible": "Choisissez le responsable",
    "Nobody": "Personne",
    "Delete the task": "Supprimer la tâche",
    "State": "État",
    # alarm strip
    "since {0}": "depuis {0}",
    "not started": "non commencée",
    "not finished": "non terminée",
    "late {0}": "retard {0}",
    "start +{0}": "début +{0}",
    "Late tasks: {0}": "Tâches en retard : {0}",
    "+{0} more": "+{0} autres",
    "Show fewer": "Réduire",
    # orphan tasks and unknown codes ("?" badges)
    "Orphan tasks": "Tâches orphelines",
    "Deleted patient #{0}": "Patient supprimé n°{0}",
    "Odd data": "Données inattendues",
    "Tasks whose patient is no longer on the board (deleted by an older version). They are "
    "kept here so that nothing is lost; delete them when they are of no use.": "Tâches dont le "
    "patient n'est plus sur le tableau (supprimé par une ancienne version). Elles sont gardées ici "
    "pour ne rien perdre ; supprimez-les quand elles ne servent plus.",
    "The type of this box is not known: it is shown as a care box.": "Le type de ce box est "
    "inconnu : il est affiché comme un box de soins.",
    "Patients are recorded in the box {code}, which is not in the box list: move them to a "
    "real box.": "Des patients sont enregistrés dans le box {code}, absent de la liste des box : "
    "déplacez-les vers un vrai box.",
    "These tasks belong to a patient who is no longer on the board (deleted by an older "
    "version). Delete them when they are of no use.": "Ces tâches appartiennent à un patient qui "
    "n'est plus sur le tableau (supprimé par une ancienne version). Supprimez-les quand elles ne "
    "servent plus.",
    "A task or a state of this patient has a code the board does not know.": "Une tâche ou un "
    "état de ce patient a un code inconnu du tableau.",
    "The box code {code} is not in the box list: move the patient to a real box.": "Le code de "
    "box {code} n'est pas dans la liste des box : déplacez le patient vers un vrai box.",
    "The responsible code {code} is not in the responsible list.": "Le code responsable {code} "
    "n'est pas dans la liste des responsables.",
    # state bar of 'B' tasks (accessible text)
    "State: {state}": "État : {state}",
    "State: none": "État : aucun",
}
