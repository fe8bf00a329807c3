import type { LocaleTranslations } from 'adminjs';

/**
 * English CRM texts. AdminJS adds its own English UI texts (adminjs/lib/locale/en) underneath.
 *
 * Keep every key of ru.ts that AdminJS's English file lacks here too: i18next tries the
 * fallback language (ru) for `resources.<id>.<section>.<key>` before it tries the global
 * `<section>.<key>`, so a key missing here shows up in Russian in the English UI.
 * See ru.ts for the key layout rules.
 */

const roleLabels = {
  admin: 'Administrator',
  operator: 'Operator',
  marketer: 'Marketer',
  manager: 'Manager',
};

export const en = {
  actions: {
    export: 'Export',
    exportSelected: 'Export selected',
  },
  buttons: {
    // used by AdminJS modals (useModal), absent from the AdminJS English file
    ok: 'OK',
  },
  components: {
    DocumentLink: {
      download: 'Download',
      none: 'No document',
    },
    Login: {
      welcomeHeader: 'Welcome',
      welcomeMessage: 'to Campaign CRM: services, advertising campaigns, leads, customers, contracts and statistics in one place',
    },
    ConvertLead: {
      title: 'Convert to customer: first contract',
      service: 'Service',
      name: 'Contract name',
      amount: 'Amount',
      signedOn: 'Signed on',
      startsOn: 'Starts on',
      endsOn: 'Ends on',
      document: 'Document (PDF, DOC, DOCX, ODT, PNG, JPG)',
      submit: 'Convert to customer',
      alreadyConverted: 'The lead is already a customer',
      openCustomer: 'Open the customer',
      lost: 'The lead is lost: it cannot be converted',
    },
    ExportList: {
      title: 'Export the list',
      titleSelected_one: 'Export {{count}} selected record',
      titleSelected_other: 'Export {{count}} selected records',
      applied: 'Every row of the list, with its filters ({{filters}}) and sort',
      noFilters: 'Every row of the list, in its sort order',
      notApplied: 'Not applied in the file: {{filters}}',
      format: 'Format',
      xlsx: 'Excel (.xlsx)',
      csv: 'CSV (UTF-8)',
      delimiter: 'Delimiter',
      semicolon: 'Semicolon «;» (Excel in Russian and most of Europe)',
      comma: 'Comma «,»',
      download: 'Download',
    },
    MarkLost: {
      title: 'Mark lost',
      reason: 'Reason',
      submit: 'Mark lost',
    },
    RelatedLink: {
      open: 'open the list',
    },
    LanguageSelector: {
      availableLanguages: {
        ru: 'Русский',
        en: 'English',
      },
    },
    Dashboard: {
      title: 'Campaign statistics',
      loading: 'Loading…',
      empty: 'No campaigns yet',
    },
    Select: {
      placeholder: 'Select…',
      noOptions: 'No options',
      loading: 'Loading…',
    },
    DatePicker: {
      time: 'Time',
      selectedDate: 'Selected date:',
      selectedTime: 'Selected time:',
      chooseDay: 'Choose',
      disabledDay: 'Not available',
      previousMonth: 'Previous month',
      nextMonth: 'Next month',
      previousYear: 'Previous year',
      nextYear: 'Next year',
    },
    Boolean: {
      true: 'Yes',
      false: 'No',
    },
  },
  labels: {
    // resources (sidebar, breadcrumbs, page headers): labels.<resourceId>
    services: 'Services',
    campaigns: 'Campaigns',
    leads: 'Leads',
    contracts: 'Contracts',
    customers: 'Customers',
    users: 'Users',

    // navigation groups: labels.<navigation.name>
    sales: 'Sales',
    marketing: 'Marketing',
    administration: 'Administration',

    // the select of an array item is translated with its indexed path (roles.0.admin, ...)
    roles: {
      0: roleLabels,
      1: roleLabels,
      2: roleLabels,
      3: roleLabels,
    },
  },
  properties: {
    id: 'ID',
    createdAt: 'Created',
    updatedAt: 'Updated',
    'roles.addNewItem': 'Add role',
  },
  resources: {
    services: {
      properties: {
        id: 'ID',
        name: 'Name',
        description: 'Description',
        price: 'Price',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
    },
    campaigns: {
      properties: {
        leadsCount: 'Leads',
        id: 'ID',
        name: 'Name',
        serviceId: 'Service',
        service: 'Service',
        channel: 'Channel',
        budget: 'Budget',
        status: 'Status',
        launchedAt: 'Launched at',
        finishedAt: 'Finished at',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
      labels: {
        status: {
          draft: 'Draft',
          active: 'Active',
          finished: 'Finished',
        },
        channel: {
          search: 'Search ads',
          social: 'Social media',
          email: 'Email',
          display: 'Display ads',
          offline: 'Offline',
          referral: 'Referral',
          other: 'Other',
        },
      },
      actions: {
        launch: 'Launch',
        finish: 'Finish',
      },
    },
    leads: {
      properties: {
        customerId: 'Customer',
        id: 'ID',
        lastName: 'Last name',
        firstName: 'First name',
        middleName: 'Middle name',
        fullName: 'Full name',
        phone: 'Phone',
        email: 'E-mail',
        campaignId: 'Campaign',
        campaign: 'Campaign',
        status: 'Status',
        notes: 'Notes',
        lostReason: 'Lost reason',
        importBatchId: 'Import batch',
        importBatch: 'Import batch',
        createdById: 'Created by',
        createdBy: 'Created by',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
      labels: {
        status: {
          new: 'New',
          in_progress: 'In progress',
          converted: 'Converted',
          lost: 'Lost',
        },
      },
      actions: {
        convert: 'Convert',
        markLost: 'Mark lost',
        import: 'Import CSV',
      },
    },
    contracts: {
      properties: {
        id: 'ID',
        name: 'Name',
        serviceId: 'Service',
        service: 'Service',
        customerId: 'Customer',
        customer: 'Customer',
        amount: 'Amount',
        signedOn: 'Signed on',
        startsOn: 'Starts on',
        endsOn: 'Ends on',
        documentId: 'Document',
        document: 'Document',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
    },
    customers: {
      properties: {
        contractsCount: 'Contracts',
        id: 'ID',
        displayName: 'Customer',
        leadId: 'Lead',
        lead: 'Lead',
        convertedAt: 'Converted at',
        convertedById: 'Converted by',
        convertedBy: 'Converted by',
        salesVolume: 'Sales volume',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
    },
    users: {
      properties: {
        id: 'ID',
        email: 'E-mail',
        fullName: 'Full name',
        roles: 'Roles',
        password: 'Password',
        active: 'Active',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
      labels: {
        roles: roleLabels,
        active: {
          true: 'Yes',
          false: 'No',
        },
      },
    },
  },
  messages: {
    leadConverted: 'The lead is now a customer; the contract is created',
    leadMarkedLost: 'The lead is marked lost',
    campaignLaunched: 'Campaign launched',
    campaignFinished: 'Campaign finished',
    confirmLaunch: 'Launch the campaign? Once launched it takes leads.',
    confirmFinish: 'Finish the campaign? A finished campaign cannot be launched again.',
    // AdminJS's own refusal keys, without the raw ids it fills in (the panel shows messages.refusal sentences instead)
    forbiddenError: 'You are not allowed to do this',
    error404Resource: 'There is no such section',
    error404Action: 'This action is not available here',
    error404Record: 'Record not found',
    refusal: {
      section: 'The “{{section}}” section is open to {{roles}}',
      action: '“{{action}}” in “{{section}}” is open to {{roles}}',
      nobody: '“{{action}}” is not available in “{{section}}”',
      roles: { operator: 'operators', marketer: 'marketers', manager: 'managers', admin: 'administrators' },
      toDashboard: 'To the dashboard',
      toList: 'To the “{{section}}” list',
    },
    // CRM server notices (invalidCredentials overrides the AdminJS default text)
    forbidden: 'You are not allowed to do this',
    notFound: 'Record not found',
    validationFailed: 'Please correct the highlighted fields',
    conflict: 'Conflict: the record already exists or was changed',
    referenced: 'Cannot delete: other records refer to this one',
    lastAdmin: 'The last active administrator cannot be demoted, deactivated or deleted',
    ownRoles: 'You cannot change your own roles or deactivate yourself',
    invalidCredentials: 'Wrong e-mail or password',
    tooManyRequests: 'Too many login attempts. Try again later',
    internalError: 'Internal error. Please try again',
  },
} satisfies LocaleTranslations;
