; Inno Setup script around the PyInstaller one-folder build of BodyMaps (Windows).
; Build on Windows (PyInstaller does not cross-compile):
;   1. py -3.11 -m venv .venv && .venv\Scripts\pip install -e ".[desktop]" pyinstaller
;   2. make installer\icons\bodymaps.ico from the PNGs (e.g. magick installer\icons\bodymaps-*.png bodymaps.ico)
;   3. .venv\Scripts\pyinstaller --noconfirm installer\bodymaps.spec      -> dist\bodymaps\
;   4. iscc installer\windows\bodymaps.iss                                 -> dist\BodyMaps-0.1.0-setup.exe
; Per-user install by default (no administrator rights needed in a clinic); no network access at run time.

#define AppName "BodyMaps"
#define AppVersion "0.1.0"
#define AppExe "bodymaps.exe"

[Setup]
AppId={{6C0F3E9A-3B8E-4E57-9B0B-6A52D0B1E7A4}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=BodyMaps
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=BodyMaps-{#AppVersion}-setup
SetupIconFile=..\icons\bodymaps.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\bodymaps\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Dermatome and nerve-root decision support"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Registry]
; "Open with BodyMaps" for exam files (*.bodymaps.json are JSON; we do not take over .json)
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start {#AppName}"; Flags: nowait postinstall skipifsilent
